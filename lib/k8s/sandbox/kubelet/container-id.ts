/** Container IDs as containerd reports them: `containerd://` + 64 hex digits. */
export function newContainerId(random: () => number): string {
  let hex = '';
  for (let i = 0; i < 64; i++) hex += Math.floor(random() * 16).toString(16);
  return hex;
}

export const CONTAINER_ID_PREFIX = 'containerd://';
