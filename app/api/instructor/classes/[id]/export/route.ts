import { classById } from '@/lib/classes/classes';
import { classCsv } from '@/lib/classes/csv';
import { requireInstructor } from '@/lib/classes/portal';
import { portalClassOverview } from '@/lib/instructor/portal';
import { errorResponse } from '@/lib/lab/request';

export const dynamic = 'force-dynamic';

/** The class as CSV for a gradebook (formula-looking cells kept as text). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = requireInstructor(req);
    const klass = classById(ctx.db, (await params).id);
    const csv = classCsv(await portalClassOverview(new Date(), klass.id));
    const file = `${klass.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'class'}-${klass.code}.csv`;
    return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });
  } catch (err) {
    return errorResponse(err);
  }
}
