import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, ok, problemOf } from './client.ts';

const answer = (status: number, body: string, type = 'application/problem+json') =>
  new Response(body, {
    status,
    statusText: status === 502 ? 'Bad Gateway' : '',
    headers: { 'content-type': type },
  });

test("keeps the server's problem document, field errors included", () => {
  const problem = {
    type: 'https://amana.example/problems/invalid-input',
    title: 'Invalid input',
    status: 400,
    detail: 'fix the field listed in errors',
    code: 'common.invalid-input',
    errors: [
      {
        path: 'code',
        message: 'use 2 to 32 capital letters, digits and hyphens, e.g. KZI-017',
        code: 'sites.code-format',
      },
    ],
  };
  assert.deepEqual(problemOf(problem, { status: 400, statusText: 'Bad Request' }), problem);
});

test('makes a problem from the status when the body is not one, and never shows an HTML page', () => {
  assert.deepEqual(problemOf('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }), {
    type: 'about:blank',
    title: 'Bad Gateway',
    status: 502,
    code: 'common.internal',
  });
  assert.deepEqual(problemOf('upstream timed out', { status: 504, statusText: '' }), {
    type: 'about:blank',
    title: 'HTTP 504',
    status: 504,
    code: 'common.internal',
    detail: 'upstream timed out',
  });
  assert.deepEqual(problemOf(undefined, { status: 401, statusText: 'Unauthorized' }), {
    type: 'about:blank',
    title: 'Unauthorized',
    status: 401,
    code: 'common.unauthenticated',
  });
  assert.equal(problemOf('', { status: 418, statusText: '' }).code, 'common.unknown');
});

test('a failed call rejects with an ApiError whose message is the detail; a successful one answers its data', async () => {
  const failed = ok(
    Promise.resolve({
      error: {
        type: 'conflict',
        title: 'Conflict',
        status: 409,
        detail: 'this RCCM number is taken',
        code: 'actors.registration-taken',
      },
      response: answer(409, ''),
    }),
  );
  await assert.rejects(failed, (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.message, 'this RCCM number is taken');
    assert.equal(e.problem.status, 409);
    return true;
  });
  assert.deepEqual(await ok(Promise.resolve({ data: { unread: 3 }, response: answer(200, '{}') })), {
    unread: 3,
  });
});
