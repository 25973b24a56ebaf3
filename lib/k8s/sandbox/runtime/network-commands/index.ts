/** The network tools a container can run, for the shell's command table. */
import type { CommandTable } from '../shell/command';
import { curl } from './curl';
import { getent } from './getent';
import { nc } from './nc';
import { nslookup } from './nslookup';
import { ping } from './ping';
import { wget } from './wget';

export const networkCommands: CommandTable = { nc, netcat: nc, nslookup, wget, curl, ping, getent };

export { curl, getent, nc, nslookup, ping, wget };
export { connect, readAll, signalExit, untilAborted, ERRNO_TEXT } from './connect';
export { exchangeHttp, exchangeTcp, formatResponse, parseRequest, parseResponse, parseUrl, statusLine, STATUS_TEXT } from './http';
