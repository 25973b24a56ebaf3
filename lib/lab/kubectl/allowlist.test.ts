import { describe, expect, it } from 'vitest';
import { checkCommand, CommandRefusedError } from './allowlist';
import type { FlagSpec, VerbSpec } from './flag-spec';
import { tokenize } from './tokenize';
import { GLOBAL_FLAGS, VERBS } from './verb-table';

const refused = (line: string) => {
  try {
    checkCommand(line);
  } catch (e) {
    expect(e).toBeInstanceOf(CommandRefusedError);
    return (e as Error).message;
  }
  throw new Error(`expected "${line}" to be refused`);
};

/** Every row of the verb table: its command path and spec. */
function rows(children: Record<string, VerbSpec> = VERBS, prefix: string[] = []): Array<[string, VerbSpec]> {
  return Object.entries(children).flatMap(([name, spec]) => [[[...prefix, name].join(' '), spec] as [string, VerbSpec], ...rows(spec.subcommands ?? {}, [...prefix, name])]);
}

/** A value each flag accepts, so a row can be tried with every flag it allows. */
function sample(name: string, f: FlagSpec): string {
  if (f.arity === 'bool') return 'true';
  if (name === 'filename') return 'editor';
  const tries = ['client', 'strict', 'background', 'json', 'merge', '5', '10s', 'x'];
  return tries.find((t) => !f.check?.(t)) ?? 'x';
}

describe('every row of the verb table', () => {
  const runnable = rows().filter(([, s]) => !s.refused && !s.needsSubcommand);
  it.each(runnable)('kubectl %s runs with each flag it allows, handed to kubectl as --name=value', (path, spec) => {
    for (const [name, f] of Object.entries(spec.flags)) {
      if (f.refused) continue;
      const v = sample(name, f);
      const cmd = checkCommand(`kubectl ${path} --${name}=${v}`);
      expect(cmd.args).toEqual([...path.split(' '), name === 'filename' ? '--filename=-' : f.arity === 'bool' ? `--${name}` : `--${name}=${v}`]);
      if (f.short) expect(checkCommand(`kubectl ${path} -${f.short}${f.arity === 'value' ? ` ${v}` : ''}`).args).toEqual(cmd.args);
    }
  });

  it.each(rows().filter(([, s]) => s.refused))('kubectl %s is refused with the reason and what to use instead', (path, spec) => {
    expect(refused(`kubectl ${path}`)).toBe(`kubectl ${path} is refused: ${spec.refused}`);
  });

  it.each(rows().filter(([, s]) => s.needsSubcommand))('kubectl %s alone asks for one of its subcommands', (path) => {
    expect(refused(`kubectl ${path}`)).toMatch(new RegExp(`^kubectl ${path} needs one of: kubectl ${path} \\w`));
  });

  it.each(rows().flatMap(([path, spec]) => Object.entries(spec.flags).filter(([, f]) => f.refused).map(([name, f]) => [path, name, f] as const)))('kubectl %s --%s is refused, naming the flag', (path, name, f) => {
    const line = `kubectl ${path} --${name}${f.arity === 'bool' ? '' : '=x'}`;
    if (rows().find(([p]) => p === path)![1].refused) return; // the command itself is refused first
    expect(refused(line)).toBe(`--${name} is refused: ${f.refused}`);
  });

  it.each(Object.entries(GLOBAL_FLAGS).filter(([, f]) => f.refused))('the global flag --%s is refused before or after the verb', (name, f) => {
    const v = f.arity === 'bool' ? '' : '=/srv/x';
    expect(refused(`kubectl --${name}${v} get pods`)).toBe(`--${name} is refused: ${f.refused}`);
    expect(refused(`kubectl get pods --${name}${v}`)).toBe(`--${name} is refused: ${f.refused}`);
  });
});

describe('reading a command line the way kubectl does', () => {
  it.each([
    ['kubectl get pods -o wide', ['get', '--output=wide', 'pods'], false],
    ['k get jobs -w', ['get', '--watch', 'jobs'], true],
    ['kubectl get jobs --watch=false', ['get', '--watch=false', 'jobs'], false],
    ['kubectl logs -f job/pi', ['logs', '--follow', 'job/pi'], true],
    ['kubectl get pods -o jsonpath=\'{.items[*].metadata.name}\'', ['get', '--output=jsonpath={.items[*].metadata.name}', 'pods'], false],
    ['kubectl exec web-stateful-0 -- sh -c "cat /data/pod-data.txt"', ['exec', 'web-stateful-0', '--', 'sh', '-c', 'cat /data/pod-data.txt'], false],
    ['kubectl rollout status ds/log-collector', ['rollout', 'status', 'ds/log-collector'], true],
    ['kubectl rollout status ds/log-collector --watch=false', ['rollout', 'status', '--watch=false', 'ds/log-collector'], false],
    ['kubectl create job manual --from=cronjob/hello-cron', ['create', 'job', '--from=cronjob/hello-cron', 'manual'], false],
    ['kubectl taint nodes worker-1 dedicated=gpu:NoSchedule', ['taint', 'nodes', 'worker-1', 'dedicated=gpu:NoSchedule'], false],
    ['kubectl -n pipeline create job ingest-1 --from=cronjob/ingest', ['create', 'job', '--namespace=pipeline', '--from=cronjob/ingest', 'ingest-1'], false],
    ['kubectl -n get get pods', ['get', '--namespace=get', 'pods'], false],
    ['kubectl get pods -ojson', ['get', '--output=json', 'pods'], false],
    ['kubectl get pods -o=yaml', ['get', '--output=yaml', 'pods'], false],
    ['kubectl get pods -nkube-system', ['get', '--namespace=kube-system', 'pods'], false],
    ['kubectl get pods -Aw', ['get', '--all-namespaces', '--watch', 'pods'], true],
    ['kubectl get pods -wA', ['get', '--watch', '--all-namespaces', 'pods'], true],
    ['kubectl get pods -Ao wide', ['get', '--all-namespaces', '--output=wide', 'pods'], false],
    ['kubectl get pods --all_namespaces', ['get', '--all-namespaces', 'pods'], false],
    ['kubectl create deploy web --image=nginx -r 3', ['create', 'deployment', '--image=nginx', '--replicas=3', 'web'], false],
    ['kubectl create cm settings --from-literal=mode=fast', ['create', 'configmap', '--from-literal=mode=fast', 'settings'], false],
    ['kubectl apply -f editor --dry-run', ['apply', '--filename=-', '--dry-run=unchanged'], false],
    ['kubectl apply --dry-run -f editor', ['apply', '--dry-run=unchanged', '--filename=-'], false],
    ['kubectl apply --dry-run=server -f editor', ['apply', '--dry-run=server', '--filename=-'], false],
    ['kubectl run test-pod --image=busybox:1.36 -- sleep 3600', ['run', '--image=busybox:1.36', 'test-pod', '--', 'sleep', '3600'], false],
    ['kubectl exec -c app web-0 -- ls -la /', ['exec', '--container=app', 'web-0', '--', 'ls', '-la', '/'], false],
    ['kubectl logs -p -c app web-0', ['logs', '--previous', '--container=app', 'web-0'], false],
    ['kubectl patch cronjob hello -p \'{"spec":{"suspend":true}}\'', ['patch', '--patch={"spec":{"suspend":true}}', 'cronjob', 'hello'], false],
    ['kubectl wait --for=condition=complete job/pi --timeout=60s', ['wait', '--for=condition=complete', '--timeout=60s', 'job/pi'], true],
    ['kubectl -v=6 get pods', ['get', '--v=6', 'pods'], false],
    ['kubectl get pods --', ['get', 'pods'], false],
    ['kubectl auth can-i create pods', ['auth', 'can-i', 'create', 'pods'], false],
    ['kubectl top pods', ['top', 'pod'], false],
  ])('reads %s as kubectl does', (line, args, follows) => {
    if (line === 'kubectl get pods --') {
      expect(refused(line)).toMatch(/"--" is refused for kubectl get/);
      return;
    }
    expect(checkCommand(line)).toMatchObject({ args, follows });
  });

  it('turns -f into stdin from the editor or the resource library', () => {
    expect(checkCommand('kubectl apply -f editor')).toEqual({ args: ['apply', '--filename=-'], file: { kind: 'editor' }, follows: false });
    expect(checkCommand('kubectl apply --filename=batch-processing/parallel-jobs.yaml')).toEqual({ args: ['apply', '--filename=-'], file: { kind: 'library', path: 'batch-processing/parallel-jobs.yaml' }, follows: false });
    expect(checkCommand('kubectl apply -feditor').file).toEqual({ kind: 'editor' });
  });

  it.each([
    'kubectl apply -f /etc/passwd',
    'kubectl apply -f ../../server.ts',
    'kubectl apply -f https://example.com/x.yaml',
    'kubectl apply -f workload-types/../../secret.yaml',
    'kubectl create -f -',
    'kubectl apply -f/etc/passwd',
    'kubectl apply --filename=/etc/passwd',
  ])('refuses %s as a file source', (line) => {
    expect(refused(line)).toMatch(/only "editor" or a file of the resource library/);
  });

  it.each([
    ['kubectl --kubeconfig=/root/.kube/config get pods', /^--kubeconfig is refused/],
    ['kubectl get pods --server https://10.0.0.1', /^--server is refused/],
    ['kubectl get pods -s=https://10.0.0.1', /^-s \(--server\) is refused/],
    ['kubectl get pods -Rs https://10.0.0.1', /^-s \(--server\), in -Rs, is refused/],
    ['kubectl get pods --token=abc', /^--token is refused/],
    ['kubectl get pods --as=system:admin', /^--as is refused: impersonation/],
    ['kubectl get pods --context other', /^--context is refused/],
    ['kubectl get pods --log-file=/tmp/x', /^--log-file is refused: it reads or writes files/],
    ['kubectl get pods --log_file=/tmp/x', /^--log_file \(--log-file\) is refused/],
    ['kubectl get pods --cache-dir=/tmp', /^--cache-dir is refused/],
    ['kubectl get pods --profile=cpu --profile_output=/tmp/x', /^--profile is refused: profiling writes a file/],
    ['kubectl get pods --profile_output=/tmp/x', /^--profile_output \(--profile-output\) is refused/],
    ['kubectl apply -k ./overlays', /^-k \(--kustomize\) is refused: kustomize reads directories/],
    ['kubectl get pods -o jsonpath-file=/etc/shadow', /-o jsonpath-file reads a template from a file/],
    ['kubectl get pods -o=go-template-file=/etc/shadow', /-o go-template-file reads a template from a file/],
    ['kubectl get pods -ogo-template-file=/etc/shadow', /-o go-template-file reads a template from a file/],
    ['kubectl get pods -o templatefile --template=/etc/shadow', /-o templatefile reads a template from a file/],
    ['kubectl get pods -o custom-columns-file=/etc/shadow', /-o custom-columns-file reads a template/],
    ['kubectl -n get proxy --port=18999', /^kubectl proxy is refused: kubectl proxy opens a port/],
    ['kubectl proxy', /^kubectl proxy is refused/],
    ['kubectl port-forward pod/x 8080:80', /^kubectl port-forward is refused/],
    ['kubectl cp x:/etc/passwd /tmp/p', /^kubectl cp is refused/],
    ['kubectl config view --raw', /^kubectl config is refused/],
    ['kubectl -n x config set-credentials a --exec-command=/bin/sh', /^kubectl config is refused/],
    ['kubectl edit deploy/x', /^kubectl edit is refused/],
    ['kubectl exec -it web-0 -- sh', /^-i \(--stdin\), in -it, is refused: interactive sessions/],
    ['kubectl exec -i web-0 -- sh', /^-i \(--stdin\) is refused: interactive sessions/],
    ['kubectl exec -ti web-0 -- sh', /^-t \(--tty\), in -ti, is refused: interactive sessions/],
    ['kubectl run t --rm -it --image=busybox -- sh', /^--rm is refused: interactive sessions/],
    ['kubectl cluster-info dump --output-directory=/tmp', /^kubectl cluster-info dump is refused: cluster-info dump writes files/],
    ['kubectl create configmap leak --from-file=../../instructor-token', /^--from-file is refused: it reads or writes files on the portal server; give the data as --from-literal/],
    ['kubectl create cm leak --from_env_file=../.env', /^--from_env_file \(--from-env-file\) is refused/],
    ['kubectl create secret tls x --cert=/etc/ssl/key.pem --key=/etc/ssl/key.pem', /^kubectl create secret tls is refused: --cert and --key read files/],
    ['kubectl create secret generic x --from-file=token=/srv/token', /^--from-file is refused/],
    ['kubectl get --raw /api/v1', /^--raw is refused/],
    ['kubectl patch deploy x --patch-file=/etc/passwd', /^--patch-file is refused/],
    ['kubectl create role r --verb=get', /^kubectl create role is not available in the lab terminal; use one of: kubectl create job/],
    ['kubectl set selector svc/x app=y', /^kubectl set selector is not available/],
    ['kubectl foo', /^kubectl foo is not available in the lab terminal; it runs: get, describe/],
    ['kubectl get pods --kubeconfig', /^--kubeconfig is refused/],
    ['kubectl get pods --frobnicate', /^--frobnicate is not a flag the lab terminal allows for kubectl get; allowed: .*-o\/--output/],
    ['kubectl get pods -Z', /^-Z is not a flag the lab terminal allows/],
    ['kubectl get pods -o', /^-o needs a value/],
    ['kubectl get pods ---server=x', /^bad flag syntax: ---server=x/],
    ['kubectl get pods --watch=maybe', /^--watch=maybe: expected true or false/],
    ['kubectl get pods -o yamlx', /unknown output format "yamlx"/],
    ['kubectl', /^which kubectl command\?/],
    ['kubectl -n default', /^which kubectl command\?/],
    ['kubectl set', /^kubectl set needs one of/],
    ['kubectl get pods -- --kubeconfig=/x', /"--" is refused for kubectl get/],
    ['kubectl get pods ‐‐server=x', /starts with a dash that is not "-" \(U\+2010\)/],
    ['kubectl get pods −n x', /U\+2212/],
    ['kubectl get pods\u0000--server=x', /control character \(U\+0000\)/],
    ['kubectl get pods\u200b', /U\+200B/],
    ['kubectl get pods\n--server=x', /one command per line/],
    [`kubectl get ${'pods '.repeat(70)}`, /too many words/],
    [`kubectl get ${'x'.repeat(5000)}`, /too long/],
    ['ls /', /kubectl only/],
    ['kubectl get pods | grep web', /shell syntax/],
    ['kubectl get pods; rm -rf /', /shell syntax/],
    ['kubectl get pods $(whoami)', /shell syntax/],
    ['kubectl get pods "$HOME"', /variables/],
    ['kubectl get pods > /tmp/out', /shell syntax/],
    ['kubectl get "pods', /unterminated/],
    ['', /type a kubectl command/],
  ])('refuses %s', (line, why) => {
    expect(refused(line)).toMatch(why);
  });

  it('tokenizes quotes and escapes like a shell, without running one', () => {
    expect(tokenize(`a 'b c' "d \\"e\\"" f\\ g`)).toEqual(['a', 'b c', 'd "e"', 'f g']);
    expect(tokenize(`x ''`)).toEqual(['x', '']);
  });
});
