/**
 * The portal's one process: Next.js and (once mounted) the embedded sandbox API under
 * /k8s/<cluster-id>, on one port, so an instructor opens one port and learners' own kubectl
 * can reach their cluster. `npm start` runs this after a production build.
 */
import http from 'node:http';
import next from 'next';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '0.0.0.0';
const dev = process.env.NODE_ENV === 'development';

async function main(): Promise<void> {
  const app = next({ dev, dir: process.cwd(), hostname: 'localhost', port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });

  server.listen(port, hostname, () => {
    console.log(`Kubelab ready on http://localhost:${port}`);
  });

  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
