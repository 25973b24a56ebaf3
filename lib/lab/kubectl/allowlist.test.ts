import { describe, expect, it } from 'vitest';
import { checkCommand, CommandRefusedError } from './allowlist';
import { tokenize } from './tokenize';

const refused = (line: string) => {
  try {
    checkCommand(line);
  } catch (e) {
    expect(e).toBeInstanceOf(CommandRefusedError);
    return (e as Error).message;
  }
  throw new Error(`expected "${line}" to be refused`);
};

describe('the lab terminal allowlist', () => {
  it.each([
    ['kubectl get pods -o wide', ['get', 'pods', '-o', 'wide'], false],
    ['k get jobs -w', ['get', 'jobs', '-w'], true],
    ['kubectl logs -f job/pi', ['logs', '-f', 'job/pi'], true],
    ['kubectl get pods -o jsonpath=\'{.items[*].metadata.name}\'', ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'], false],
    ['kubectl exec web-stateful-0 -- sh -c "cat /data/pod-data.txt"', ['exec', 'web-stateful-0', '--', 'sh', '-c', 'cat /data/pod-data.txt'], false],
    ['kubectl rollout status ds/log-collector', ['rollout', 'status', 'ds/log-collector'], true],
    ['kubectl create job manual --from=cronjob/hello-cron', ['create', 'job', 'manual', '--from=cronjob/hello-cron'], false],
    ['kubectl taint nodes worker-1 dedicated=gpu:NoSchedule', ['taint', 'nodes', 'worker-1', 'dedicated=gpu:NoSchedule'], false],
  ])('allows %s', (line, args, follows) => {
    expect(checkCommand(line)).toMatchObject({ args, follows });
  });

  it('turns -f into stdin from the editor or the resource library', () => {
    expect(checkCommand('kubectl apply -f editor')).toEqual({ args: ['apply', '-f', '-'], file: { kind: 'editor' }, follows: false });
    expect(checkCommand('kubectl apply --filename=batch-processing/parallel-jobs.yaml')).toEqual({ args: ['apply', '-f', '-'], file: { kind: 'library', path: 'batch-processing/parallel-jobs.yaml' }, follows: false });
  });

  it.each([
    'kubectl apply -f /etc/passwd',
    'kubectl apply -f ../../server.ts',
    'kubectl apply -f https://example.com/x.yaml',
    'kubectl apply -f workload-types/../../secret.yaml',
    'kubectl create -f -',
  ])('refuses %s as a file source', (line) => {
    expect(refused(line)).toMatch(/only "editor" or a file of the resource library/);
  });

  it.each([
    ['kubectl --kubeconfig=/root/.kube/config get pods', /--kubeconfig is refused/],
    ['kubectl get pods --server https://10.0.0.1', /--server is refused/],
    ['kubectl get pods -s=https://10.0.0.1', /-s is refused/],
    ['kubectl get pods --token=abc', /--token is refused/],
    ['kubectl get pods --as=system:admin', /--as is refused/],
    ['kubectl get pods --context other', /--context is refused/],
    ['kubectl get pods --log-file=/tmp/x', /reads or writes files/],
    ['kubectl get pods --cache-dir=/tmp', /reads or writes files/],
    ['kubectl apply -k ./overlays', /reads or writes files/],
    ['kubectl get pods -o jsonpath-file=/etc/shadow', /read a file on the server/],
    ['kubectl get pods -o=go-template-file=/etc/shadow', /read a file on the server/],
    ['kubectl proxy', /tunnel/],
    ['kubectl port-forward pod/x 8080:80', /tunnel/],
    ['kubectl cp x:/etc/passwd /tmp/p', /files on the server/],
    ['kubectl config view --raw', /already configured/],
    ['kubectl edit deploy/x', /interactive editor/],
    ['kubectl exec -it web-0 -- sh', /interactive sessions/],
    ['kubectl exec -i web-0 -- sh', /interactive sessions/],
    ['kubectl cluster-info dump --output-directory=/tmp', /writes files/],
    ['kubectl foo', /not available/],
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
