import { moduleLessons } from '@/lib/content/lessons';
import { searchDocs } from '@/lib/content/search-index';

export const dynamic = 'force-static';

export function GET() {
  return Response.json(searchDocs(moduleLessons()));
}
