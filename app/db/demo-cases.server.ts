/**
 * Demo cases, made through the same domain functions the platform uses (so they carry the
 * journey's tasks, timeline events and phase history): the installer in phase 1 (analysis)
 * with a coordinator as lead, an expert and a student; the care practice in phase 3
 * (realisation) with the expert as lead. Their emails stay in the outbox (no SMTP for demo).
 */

import { getConfig } from "~/config.server";
import type { Role, User } from "~/db/schema";
import {
  addMember,
  addNote,
  type CaseContext,
  changePhase,
  createCase,
  logActivity,
  logHours,
  setTaskDone,
} from "~/modules/cases/cases.server";
import { loadJourney } from "~/modules/cases/journey";
import type { DB } from "./database.server";

const DAY = 86_400_000;

export async function seedDemoCases(
  db: DB,
  users: Partial<Record<Role, User>>,
  companies: { installer: string; care: string },
): Promise<void> {
  const coordinator = users.coordinator;
  const expert = users.expert;
  const student = users.student;
  if (!coordinator || !expert || !student) return;
  let journeyFile = "config/journey.json";
  try {
    journeyFile = getConfig().region.journeyFile;
  } catch {
    // Outside the app (scripts, tests without a full environment): the default journey.
  }
  const journey = loadJourney(journeyFile);
  const actorOf = (u: User, roles: Role[]) => ({
    kind: "user" as const,
    id: u.id,
    email: u.email,
    name: u.name,
    roles: new Set(roles),
    companyIds: [],
    isDemo: true,
  });
  const at = (daysAgo: number, hour = 10) => {
    const d = new Date(Date.now() - daysAgo * DAY);
    d.setUTCHours(hour, 0, 0, 0);
    return d;
  };
  const dateOf = (daysAgo: number) => at(daysAgo).toISOString().slice(0, 10);
  /** `step` minutes later on that day: events of one day keep their order in the timeline. */
  let step = 0;
  const ctx = (u: User, roles: Role[], daysAgo: number): CaseContext => ({
    db,
    actor: actorOf(u, roles),
    ip: "127.0.0.1",
    mail: { from: "demo@spot035.nl" },
    publicUrl: "http://localhost:3000",
    siteName: "SPOT 035",
    journey,
    now: new Date(at(daysAgo).getTime() + ++step * 60_000),
  });
  const must = <T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> => {
    if (!r.ok) throw new Error(`demo case seed: ${JSON.stringify(r)}`);
    return r as Extract<T, { ok: true }>;
  };
  const versionOf = async (id: string) =>
    (await db.selectFrom("cases").select("version").where("id", "=", id).executeTakeFirstOrThrow())
      .version;
  const finishTasksOf = async (c: CaseContext, caseId: string, keys: string[]) => {
    const tasks = await db
      .selectFrom("case_tasks")
      .select("id")
      .where("case_id", "=", caseId)
      .where("journey_key", "in", keys)
      .execute();
    for (const t of tasks) must(await setTaskDone(c, caseId, t.id, true));
  };

  // 1. The installer: phase 1 (analysis), the analysis session still to come.
  const coord = (d: number) => ctx(coordinator, ["coordinator"], d);
  const exp = (d: number) => ctx(expert, ["expert"], d);
  const installer = must(
    await createCase(coord(21), {
      companyId: companies.installer,
      title: "Installatiebedrijf Vecht & Zon",
      question:
        "Onze monteurs plannen met een whiteboard en bellen veel heen en weer. Welke planningssoftware past bij ons en hoe stappen we over?",
      theme: "automation",
    }),
  ).caseId;
  for (const [user, role] of [
    [coordinator, "lead"],
    [expert, "expert"],
    [student, "student"],
  ] as const) {
    must(
      await addMember(coord(21), installer, {
        userId: user.id,
        caseRole: role,
        studentLevel: null,
        studentInstitution: null,
      }),
    );
  }
  must(
    await logActivity(coord(18), installer, {
      type: "intake_conversation",
      occurredOn: dateOf(18),
      durationMinutes: 60,
      companyParticipants: 2,
      participantIds: [coordinator.id, expert.id],
      outcome:
        "Eigenaar en planner gesproken. 12 monteurs, planning op whiteboard, veel telefoontjes. Wens: planning in de cloud met app voor monteurs.",
    }),
  );
  await finishTasksOf(coord(18), installer, ["plan-intake", "compose-team"]);
  must(
    await changePhase(coord(17), installer, {
      version: await versionOf(installer),
      to: "analysis",
      reason: null,
    }),
  );
  must(
    await logHours(ctx(student, ["student"], 12), installer, {
      workedOn: dateOf(12),
      minutes: 180,
      description: "Huidige werkwijze in kaart gebracht: van klantvraag tot factuur.",
    }),
  );
  must(
    await addNote(
      exp(11),
      installer,
      "Let op: de planner gaat over een half jaar met pensioen. Kennis vastleggen hoort bij de analyse.",
    ),
  );

  // 2. The care practice: phase 3 (realisation) after an advice.
  const care = must(
    await createCase(coord(62), {
      companyId: companies.care,
      title: "Zorgpraktijk Huizen",
      question:
        "We werken met patiëntgegevens en weten niet of we veilig genoeg zijn. Waar moeten we beginnen?",
      theme: "cybersecurity",
    }),
  ).caseId;
  must(
    await addMember(coord(62), care, {
      userId: expert.id,
      caseRole: "lead",
      studentLevel: null,
      studentInstitution: null,
    }),
  );
  const steps: [number, "intake_conversation" | "analysis_session" | "advice_delivered", string][] =
    [
      [
        58,
        "intake_conversation",
        "Praktijkhouder en office manager gesproken; cybercheck afgesproken.",
      ],
      [
        50,
        "analysis_session",
        "Cybercheck doorgenomen: geen back-up buiten de deur, geen tweestapsverificatie.",
      ],
      [
        30,
        "advice_delivered",
        "Advies besproken: back-up buiten de deur, MFA overal, phishingtraining.",
      ],
    ];
  const next = {
    intake_conversation: "analysis",
    analysis_session: "advice",
    advice_delivered: "realisation",
  } as const;
  for (const [daysAgo, type, outcome] of steps) {
    must(
      await logActivity(exp(daysAgo), care, {
        type,
        occurredOn: dateOf(daysAgo),
        durationMinutes: type === "analysis_session" ? 120 : 60,
        companyParticipants: 2,
        participantIds: [expert.id],
        outcome,
      }),
    );
    must(
      await changePhase(exp(daysAgo - 1), care, {
        version: await versionOf(care),
        to: next[type],
        reason: null,
      }),
    );
  }
  await finishTasksOf(exp(29), care, [
    "plan-intake",
    "compose-team",
    "company-scan",
    "analysis-session",
    "write-advice",
    "decide-advice",
  ]);
  must(
    await logActivity(exp(10), care, {
      type: "guidance_session",
      occurredOn: dateOf(10),
      durationMinutes: 90,
      companyParticipants: 3,
      participantIds: [expert.id],
      outcome: "Back-up buiten de deur ingericht en getest; MFA aan voor e-mail.",
    }),
  );
  // The demo's history sends no mail: the domain functions queued team and phase mails to the
  // demo accounts; the outbox starts empty, as on a real first start.
  await db.deleteFrom("mail_outbox").where("template", "like", "case%").execute();
}
