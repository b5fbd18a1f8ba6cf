import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressRange, judgeAddress, judgeWebhookUrl, parseAllowRanges } from './webhook-target.ts';

test('names the special-purpose range of every address a webhook must not reach', () => {
  const cases: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['192.0.2.7', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.7', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'ipv4Mapped'],
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['2001:db8::1', 'reserved'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::1', '6to4'],
    // IPv4-compatible (deprecated) and other space outside 2000::/3 is not routed on the internet.
    ['::7f00:1', 'reserved'],
  ];
  for (const [address, range] of cases) assert.equal(addressRange(address), range, address);
});

test('public addresses are public', () => {
  for (const address of ['8.8.8.8', '1.1.1.1', '41.243.10.5', '172.32.0.1', '2a00:1450:4007:80e::200e'])
    assert.equal(addressRange(address), 'public', address);
});

test('refuses a non-public address and says why, unless the operator allowed its range', () => {
  const none = parseAllowRanges('');
  const refused = judgeAddress('169.254.169.254', none);
  assert.equal(refused.ok, false);
  assert.match((refused as { reason: string }).reason, /^169\.254\.169\.254 is a link-local address/);
  assert.match((refused as { reason: string }).reason, /AMANA_WEBHOOK_ALLOW_RANGES/);
  assert.deepEqual(judgeAddress('8.8.8.8', none), { ok: true });

  const allow = parseAllowRanges(' 127.0.0.0/8, 10.0.0.0/8 ,fd00::/8');
  assert.deepEqual(judgeAddress('127.0.0.1', allow), { ok: true });
  assert.deepEqual(judgeAddress('10.200.0.1', allow), { ok: true });
  assert.deepEqual(judgeAddress('fd00::5', allow), { ok: true });
  // An IPv4 range covers the IPv4-mapped form of its addresses, and only those.
  assert.deepEqual(judgeAddress('::ffff:10.0.0.1', allow), { ok: true });
  assert.equal(judgeAddress('::ffff:169.254.169.254', allow).ok, false);
  assert.equal(judgeAddress('192.168.0.1', allow).ok, false);
  assert.equal(judgeAddress('::1', allow).ok, false);
  assert.equal(judgeAddress('not-an-address', allow).ok, false);
});

test('a malformed allow-list entry is named', () => {
  assert.throws(() => parseAllowRanges('10.0.0.0/8,10.0.0.0/33'), /"10\.0\.0\.0\/33" is not a CIDR range/);
  assert.throws(() => parseAllowRanges('intranet'), /"intranet" is not a CIDR range/);
});

test('a webhook URL must be http or https, and a literal address in it is judged at once', () => {
  const none = parseAllowRanges('');
  const reason = (url: string) => {
    const v = judgeWebhookUrl(url, none);
    return v.ok ? null : v.reason;
  };
  assert.equal(reason('ftp://hooks.example.org/x'), 'an http or https URL, not ftp:');
  assert.equal(reason('file:///etc/passwd'), 'an http or https URL, not file:');
  assert.equal(reason('not a url'), 'not a URL');
  assert.match(reason('http://127.0.0.1:8080/hook')!, /^127\.0\.0\.1 is a loopback address/);
  assert.match(reason('http://[::1]/hook')!, /^::1 is a loopback address/);
  assert.match(reason('http://169.254.169.254/latest/meta-data')!, /link-local/);
  assert.match(reason('http://10.0.0.8/')!, /private/);
  // Other spellings of 127.0.0.1 are read as the address they are.
  assert.match(reason('http://2130706433/')!, /^127\.0\.0\.1 is a loopback/);
  assert.match(reason('http://0x7f.1/')!, /^127\.0\.0\.1 is a loopback/);
  assert.match(reason('http://[::ffff:7f00:1]/')!, /IPv4-mapped/);
  assert.deepEqual(judgeWebhookUrl('https://hooks.example.org/amana', none), {
    ok: true,
    host: { kind: 'name', name: 'hooks.example.org' },
  });
  assert.deepEqual(judgeWebhookUrl('https://8.8.8.8/amana', none), {
    ok: true,
    host: { kind: 'address', address: '8.8.8.8' },
  });
  assert.deepEqual(judgeWebhookUrl('http://127.0.0.1:9/x', parseAllowRanges('127.0.0.0/8')), {
    ok: true,
    host: { kind: 'address', address: '127.0.0.1' },
  });
});

test('a refused target carries a stable code and the values its sentence names', () => {
  const none = parseAllowRanges('');
  const refusal = (url: string) => {
    const v = judgeWebhookUrl(url, none);
    return v.ok ? null : { code: v.code, params: v.params };
  };
  assert.deepEqual(refusal('not a url'), { code: 'alerts.webhook-not-url', params: undefined });
  assert.deepEqual(refusal('ftp://hooks.example.org/x'), {
    code: 'alerts.webhook-scheme',
    params: { scheme: 'ftp:' },
  });
  assert.deepEqual(refusal('http://169.254.169.254/latest/meta-data'), {
    code: 'alerts.webhook-address',
    params: { address: '169.254.169.254', range: 'linkLocal' },
  });
  // A range the catalogue has no words for is said as a special-purpose address.
  assert.deepEqual(refusal('http://[2002::1]/'), {
    code: 'alerts.webhook-address',
    params: { address: '2002::1', range: 'special' },
  });
  assert.deepEqual(judgeAddress('not-an-address', none), {
    ok: false,
    reason: 'not-an-address is not an IP address',
    code: 'alerts.webhook-not-address',
    params: { address: 'not-an-address' },
  });
});
