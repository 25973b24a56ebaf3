import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SessionLostNotice } from '@/components/layout/SessionLostNotice';
import { SiteHeader } from '@/components/layout/SiteHeader';
import { ThemeScript } from '@/components/layout/ThemeScript';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Kubelab · Module 5: Advanced Workloads', template: '%s · Kubelab' },
  description: 'Learn DaemonSets, StatefulSets, Jobs, CronJobs, container patterns and scheduling beside a cluster of your own.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body className="min-h-screen bg-[var(--bg)] text-[var(--fg)]">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-[var(--bg)] focus:p-2">
          Skip to content
        </a>
        <SiteHeader />
        {children}
        <SessionLostNotice />
      </body>
    </html>
  );
}
