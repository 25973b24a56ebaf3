/** Every route that writes on a learner's behalf, with a body it would accept from a real learner. */
export const CONFIGMAP_YAML = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\ndata:\n  a: b\n';

export const WRITE_ROUTES: Array<{ method: string; path: string; body: unknown }> = [
  { method: 'POST', path: '/api/lab/session', body: {} },
  { method: 'POST', path: '/api/lab/apply', body: { yaml: CONFIGMAP_YAML } },
  { method: 'POST', path: '/api/lab/delete', body: { yaml: CONFIGMAP_YAML } },
  { method: 'POST', path: '/api/lab/terminal', body: { command: 'kubectl get pods' } },
  { method: 'PUT', path: '/api/lab/drafts', body: { lesson: 'daemonsets', tab: 'probe.yaml', content: 'a: b\n' } },
  { method: 'POST', path: '/api/lab/reset', body: {} },
  { method: 'POST', path: '/api/lab/clock', body: { scale: 10 } },
  { method: 'POST', path: '/api/lab/nodes', body: { action: 'add' } },
  { method: 'POST', path: '/api/quiz/answer', body: { quiz: 'daemonsets', question: 'node-joins', answer: { kind: 'single', choice: 'new-pod' } } },
  { method: 'POST', path: '/api/progress', body: { lesson: 'daemonsets' } },
  { method: 'POST', path: '/api/progress/name', body: { name: 'Mallory' } },
  { method: 'POST', path: '/api/progress/import', body: { format: 'kubelab-progress', version: 1, exportedAt: new Date(0).toISOString().replace('1970', '2020'), lessons: [], quizAttempts: [], exerciseSteps: [] } },
  { method: 'POST', path: '/api/exercises/check', body: { exercise: 'exercise-5-3-jobs' } },
  { method: 'POST', path: '/api/exercises/solution', body: { exercise: 'exercise-5-3-jobs', step: 'single-job' } },
];
