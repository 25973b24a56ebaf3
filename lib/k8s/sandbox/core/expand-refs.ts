/** $(VAR) references in env values, command and args (k8s.io/kubernetes/third_party/forked/golang/expansion), as the kubelet and the runtime expand them. */
/** $(VAR) expands from earlier variables; $$(VAR) escapes; unknown references stay as written. */
export function expandRefs(value: string, vars: Map<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return vars.has(name!) ? vars.get(name!)! : m;
  });
}
