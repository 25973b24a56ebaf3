/**
 * "Why pending?" in plain words, from the scheduler's FailedScheduling message
 * (`0/4 nodes are available: 1 node(s) had untolerated taint {...}, 3 Insufficient cpu. ...`).
 */
const PLAIN: [RegExp, (m: RegExpMatchArray, n: string) => string][] = [
  [/node\(s\) had untolerated taint \{([^:}]+):/, (m, n) => `${n} node(s) carry the taint ${m[1]}, which the pod does not tolerate`],
  [/node\(s\) didn't match Pod's node affinity\/selector/, (_m, n) => `${n} node(s) lack the labels the pod's nodeSelector or node affinity asks for`],
  [/Insufficient (\w+)/, (m, n) => `${n} node(s) do not have enough free ${m[1]} for the pod's requests`],
  [/Too many pods/, (_m, n) => `${n} node(s) already run as many pods as they allow`],
  [/node\(s\) were unschedulable/, (_m, n) => `${n} node(s) are cordoned (marked unschedulable)`],
  [/node\(s\) didn't match pod anti-affinity rules/, (_m, n) => `${n} node(s) already run a pod this one must stay away from (anti-affinity)`],
  [/node\(s\) didn't satisfy existing pods anti-affinity rules/, (_m, n) => `${n} node(s) run pods whose anti-affinity keeps this one out`],
  [/node\(s\) didn't match pod affinity rules/, (_m, n) => `${n} node(s) do not run the pods this one must be near (affinity)`],
  [/node\(s\) didn't have free ports/, (_m, n) => `${n} node(s) already use the host port the pod asks for`],
  [/node\(s\) didn't match pod topology spread constraints/, (_m, n) => `${n} node(s) would make the spread across zones or nodes too uneven`],
  [/node\(s\) didn't match the requested node name/, (_m, n) => `${n} node(s) are not the node the pod names in spec.nodeName`],
];

export function whyPending(message: string | undefined): string[] {
  if (!message) return ['Waiting for the scheduler.'];
  if (message.includes('pod has unbound immediate PersistentVolumeClaims')) return ['Its PersistentVolumeClaim is not bound to a volume yet.'];
  const m = /^0\/(\d+) nodes are available: (.*?)\.(?: preemption:|$)/.exec(message);
  if (!m) return [message];
  const out: string[] = [];
  for (const part of m[2].split(/, (?=\d+ )/)) {
    const pm = /^(\d+) (.*)$/.exec(part.trim());
    if (!pm) continue;
    const rule = PLAIN.find(([re]) => re.test(pm[2]));
    out.push(rule ? rule[1](pm[2].match(rule[0])!, pm[1]) : `${pm[1]} ${pm[2]}`);
  }
  return out.length ? [`None of the ${m[1]} nodes can take it:`, ...out] : [message];
}
