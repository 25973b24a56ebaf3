import { describe, expect, it } from 'vitest';
import { kubeconfigYaml } from '../k8s/sandbox';
import { NGINX_KEYED_PATH, newClusterId, shardKeyOfClusterId } from './shard-key';
import { kubeconfigTarget, runsAsShard } from './shard-kubeconfig';

const cluster = { id: newClusterId('Ab3_-z'), token: 'tok_en-123' };
const portTls = { caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', serverName: 'kubelab.sandbox' };
const req = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers: { host: new URL(url).host, ...headers } });

describe("a learner's kubeconfig target", () => {
  it('on one machine is unchanged: the bare https host with the port certificate pinned, or the token in the path over http', () => {
    expect(runsAsShard({})).toBe(false);
    expect(kubeconfigTarget(req('http://school.example:3000/api/lab/kubeconfig'), {}, cluster, portTls)).toEqual({ server: 'https://school.example:3000', tls: portTls });
    expect(kubeconfigTarget(req('http://school.example:3000/api/lab/kubeconfig'), {}, cluster, undefined)).toEqual({ server: `http://school.example:3000/k8s/${cluster.id}/token-${cluster.token}`, tls: undefined });
  });

  it("behind an ingress in front of shards names the cluster in the path, the ingress's https and no pinned certificate", () => {
    const env = { KUBELAB_DATABASE_URL: 'postgres://u@db/kubelab', KUBELAB_PUBLIC_URL: 'https://kubelab.school.example' };
    expect(runsAsShard(env)).toBe(true);
    // The shard itself is reached over plain http from the ingress, and speaks TLS on its port too.
    const target = kubeconfigTarget(req('http://10.0.0.7:3000/api/lab/kubeconfig'), env, cluster, portTls);
    expect(target).toEqual({ server: `https://kubelab.school.example/k8s/${cluster.id}` });
    const yaml = kubeconfigYaml(target.server, cluster.token, 'kubelab', target.tls);
    expect(yaml).not.toMatch(/insecure-skip-tls-verify|certificate-authority-data|tls-server-name/);
    expect(yaml).toContain(`    server: https://kubelab.school.example/k8s/${cluster.id}\nusers:`);
    expect(yaml).toContain(`    token: ${cluster.token}`);
  });

  it('routes with the learner: the path NGINX hashes carries the key of the cluster id, which is the learner cookie key', () => {
    const target = kubeconfigTarget(req('http://10.0.0.7:3000/x'), { KUBELAB_SHARD_ID: 'kubelab-1', KUBELAB_PUBLIC_URL: 'https://k.example' }, cluster, portTls);
    // What kubectl requests: the server URL's path, then the API path.
    const requested = `${new URL(target.server).pathname}/api/v1/namespaces/default/pods`;
    expect(new RegExp(NGINX_KEYED_PATH).exec(requested)?.groups?.kubelab_key).toBe('Ab3_-z');
    expect(shardKeyOfClusterId(cluster.id)).toBe('Ab3_-z');
  });

  it("over plain http a shard's kubeconfig keeps the token in the path; a trusted proxy's X-Forwarded-Proto says https", () => {
    const env = { KUBELAB_SHARD_ID: 'shard-a' };
    expect(kubeconfigTarget(req('http://lab.local:8080/x'), env, cluster, portTls).server).toBe(`http://lab.local:8080/k8s/${cluster.id}/token-${cluster.token}`);
    // An untrusted X-Forwarded-Proto is anyone's to write: ignored.
    expect(kubeconfigTarget(req('http://lab.local:8080/x', { 'x-forwarded-proto': 'https' }), env, cluster, undefined).server).toMatch(/^http:\/\//);
    expect(kubeconfigTarget(req('http://lab.local:8080/x', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'lab.example' }), { ...env, KUBELAB_TRUST_PROXY: '1' }, cluster, undefined)).toEqual({ server: `https://lab.example/k8s/${cluster.id}` });
  });
});
