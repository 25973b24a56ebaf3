/**
 * httpd-foreground (Apache 2.4 in the official image): serves /usr/local/apache2/htdocs on
 * port 80 (`It works!`), logs the startup notices to stderr and access lines in the common
 * log format to stdout; SIGTERM is a graceful-stop... as the image sends it: "caught SIGTERM,
 * shutting down".
 */
import type { Command } from '../../shell/command';
import { VfsError } from '../../vfs-types';
import { apacheTime, clfTime, errLine, httpDate, line, serve } from './server';

const ROOT = '/usr/local/apache2/htdocs';
const NOT_FOUND = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';

export const httpdForeground: Command = async (ctx) => {
  const version = ctx.env.get('HTTPD_VERSION') ?? '2.4.62';
  const note = (level: string, pid: string, text: string) => errLine(ctx, `[${apacheTime(ctx.clock.now())}] [${level}] [pid 1${pid}] ${text}`);
  await errLine(ctx, `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ctx.pod.ip}. Set the 'ServerName' directive globally to suppress this message`);
  await errLine(ctx, `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ctx.pod.ip}. Set the 'ServerName' directive globally to suppress this message`);
  await note('mpm_event:notice', ':tid 1', `AH00489: Apache/${version} (Unix) configured -- resuming normal operations`);
  await note('core:notice', ':tid 1', "AH00094: Command line: 'httpd -D FOREGROUND'");
  return serve(ctx, [{
    port: 80,
    http: async (req, from) => {
      const path = req.path.split('?')[0];
      let status = 200;
      let body: string;
      try {
        body = ctx.fs.readFile(`${ROOT}${path.endsWith('/') ? `${path}index.html` : path}`);
      } catch (err) {
        if (!(err instanceof VfsError)) throw err;
        status = 404;
        body = NOT_FOUND;
      }
      await line(ctx, `${from} - - [${clfTime(ctx.clock.now())}] "${req.method} ${req.path} HTTP/1.1" ${status} ${body.length}`);
      return { status, headers: { Date: httpDate(ctx.clock.now()), Server: `Apache/${version} (Unix)`, 'Content-Type': 'text/html' }, body };
    },
  }], {
    onStop: async () => note('mpm_event:notice', ':tid 1', 'AH00491: caught SIGTERM, shutting down'),
  });
};
