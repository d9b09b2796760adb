// A CONNECT proxy on 127.0.0.1 that records each tunnel's target and sends every tunnel to one local upstream.
import http from 'node:http';
import net from 'node:net';

/** upstream: the loopback port every tunnel really goes to (so no test ever leaves this machine). */
export async function startConnectProxy(upstreamPort) {
  const connects = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    connects.push({ method: req.method, target: req.url });
    res.writeHead(405).end('only CONNECT');
  });
  server.on('connect', (req, client, head) => {
    connects.push({ method: 'CONNECT', target: req.url, auth: req.headers['proxy-authorization'] });
    const upstream = net.connect(upstreamPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head?.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    connects,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
