import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import { createClients, destroyClients } from '../../src/client/clients';

// A server that closes an idle connection just as the client sends on it makes the request fail with ECONNRESET;
// the engine, like any Node server, announces when it will close one (`Keep-Alive: timeout=N`).
test('the clients drop a pooled connection a second before the server’s announced keep-alive timeout', async () => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"Projects":[]}'));
  });
  server.keepAliveTimeout = 3000;
  let connections = 0;
  server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const clients = createClients({
    kind: 'endpoint',
    label: 'a keep-alive server',
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
  });
  try {
    await clients.lookout.send(new ListProjectsCommand({}));
    await clients.lookout.send(new ListProjectsCommand({}));
    assert.equal(connections, 1, 'a connection in use is reused');
    // Past the client's 2 s, before the server's 3 s.
    await new Promise((r) => setTimeout(r, 2500));
    await clients.lookout.send(new ListProjectsCommand({}));
    assert.equal(connections, 2, 'the idle connection was closed by the client, and a new one opened');
  } finally {
    destroyClients(clients);
    server.closeAllConnections();
    server.close();
  }
});
