/**
 * The WatchTransport (watch-transport.ts) of a cluster from a kubeconfig: lists through
 * getJson (bounded, plain JSON) and watches through client-node's Watch, with the cluster's own
 * authentication and TLS.
 */
import * as k8s from '@kubernetes/client-node';
import { getJson } from '../client/get-json';
import type { ObjectLike } from './reducer';
import type { WatchTransport } from './watch-transport';

export function clientNodeWatchTransport(kc: k8s.KubeConfig): WatchTransport {
  return {
    list: async (path, query) => {
      const list = await getJson<{ metadata?: { resourceVersion?: string }; items?: ObjectLike[] }>(kc, `${path}?${new URLSearchParams(query).toString()}`);
      return { resourceVersion: list.metadata?.resourceVersion ?? '', items: list.items ?? [] };
    },
    watch: async (path, query, onEvent, done) => {
      const abort = await new k8s.Watch(kc).watch(path, query, (phase, obj: ObjectLike) => onEvent(phase, obj), done);
      return abort ?? undefined;
    },
  };
}
