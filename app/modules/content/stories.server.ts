import type { DB } from "~/db/database.server";
import type { Lang } from "~/i18n/i18n";

export interface StoryCard {
  id: string;
  title: string;
  summary: string;
  theme: string;
  companyName: string | null;
  publishedAt: string;
}

/** The newest published success stories, in the reader's language. */
export async function listPublishedStories(
  db: DB,
  { lang, limit = 3 }: { lang: Lang; limit?: number },
): Promise<StoryCard[]> {
  const rows = await db
    .selectFrom("stories")
    .leftJoin("companies", "companies.id", "stories.company_id")
    .select([
      "stories.id",
      "stories.title_nl",
      "stories.title_en",
      "stories.summary_nl",
      "stories.summary_en",
      "stories.theme",
      "stories.published_at",
      "companies.name as company_name",
    ])
    .where("stories.published_at", "is not", null)
    .orderBy("stories.published_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: lang === "en" ? r.title_en : r.title_nl,
    summary: lang === "en" ? r.summary_en : r.summary_nl,
    theme: r.theme,
    companyName: r.company_name,
    publishedAt: r.published_at!,
  }));
}
