/**
 * `npm run instructor-link`: prints the instructor link again (the server prints it only on the
 * start that makes the token). Reads the same settings as the server: KUBELAB_DATA_DIR,
 * KUBELAB_INSTRUCTOR_TOKEN, and KUBELAB_PUBLIC_URL or PORT for the address.
 */
import path from 'node:path';
import { ensureInstructorToken, instructorLink } from '../lib/instructor/access';
import { portalBaseUrl } from '../lib/http/public-url';

const dataDir = path.resolve(process.env.KUBELAB_DATA_DIR ?? './.data');
const { token, source } = ensureInstructorToken(dataDir);
if (source === 'created') console.error(`(no instructor token was kept in ${dataDir}; one has been made now)`);
console.log(instructorLink(portalBaseUrl(process.env), token));
