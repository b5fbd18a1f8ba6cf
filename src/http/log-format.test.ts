import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { PinoPretty } from 'pino-pretty';
import { requestSummary, resolveLogFormat } from './log-format.ts';

test('auto logs pretty at a terminal and JSON elsewhere; a chosen format is kept', () => {
  assert.equal(resolveLogFormat('auto', true), 'pretty');
  assert.equal(resolveLogFormat('auto', false), 'json');
  assert.equal(resolveLogFormat('json', true), 'json');
  assert.equal(resolveLogFormat('pretty', false), 'pretty');
});

test('a request reads as method, address, status and time on one line', () => {
  const line = {
    req: { method: 'GET', url: '/api/sites?status=red' },
    res: { statusCode: 200 },
    responseTime: 3.24,
  };
  assert.equal(requestSummary({ ...line, msg: 'request completed' }), 'GET /api/sites?status=red 200 3.2 ms');
  assert.equal(
    requestSummary({ ...line, res: { statusCode: 500 }, msg: 'request errored' }),
    'GET /api/sites?status=red 500 3.2 ms (request errored)',
  );
  assert.equal(requestSummary({ msg: 'worker pass failed' }), 'worker pass failed');
});

test('pino-pretty writes one line per request with the summary as its message', async () => {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const stream = PinoPretty({
    colorize: false,
    translateTime: false,
    ignore: 'pid,hostname,req,res,responseTime,reqId,time',
    messageFormat: (log) => requestSummary(log),
    destination: sink,
    sync: true,
  });
  const log = pino({ base: undefined }, stream);
  log.info(
    { req: { method: 'POST', url: '/api/visits' }, res: { statusCode: 201 }, responseTime: 12 },
    'request completed',
  );
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(out, 'INFO: POST /api/visits 201 12.0 ms\n');
});
