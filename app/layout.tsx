import type { ReactNode } from 'react';
import './globals.css';

export const metadata = { title: 'Kubelab', description: 'Learn Kubernetes advanced workloads' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
