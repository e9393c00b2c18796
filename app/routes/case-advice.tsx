import {
  type FieldMetadata,
  getFormProps,
  getInputProps,
  type SubmissionResult,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import { formatDate, formatDateTime } from "~/i18n/format";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { loadAdviceCaseFor } from "~/modules/advice/access.server";
import {
  activeCatalogue,
  addCatalogueItem,
  addCustomItem,
  caseScanChart,
  createDraftFromProposal,
  type DraftItem,
  draftItems,
  findAdvice,
  listVersions,
  moveItem,
  removeItem,
  shareVersion,
  updateAdviceText,
  updateItem,
} from "~/modules/advice/advice.server";
import { EURO_MAX, OWNER_MAX, TEXT_MAX } from "~/modules/advice/form-limits";
import { addDays, planTotals } from "~/modules/advice/plan";
import {
  adviceTextSchema,
  catalogueItemSchema,
  customItemSchema,
  itemCommandSchema,
  itemSchema,
} from "~/modules/advice/schema";
import { requestInfo } from "~/modules/auth/auth.server";
import { caseContext } from "~/modules/cases/cases.server";
import { todayIso } from "~/modules/cases/form-limits";
import adviceCss from "~/styles/advice.css?url";
import { TableWrap } from "~/ui/admin";
import { ActionFacts, Paragraphs, Roadmap, ScanChartSection, Totals } from "~/ui/advice";
import { CaseWorkHeader, caseWorkLinks, caseWorkMeta } from "~/ui/case-work";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import { TextareaField } from "~/ui/form-fields";
import type { Route } from "./+types/case-advice";

export const meta: Route.MetaFunction = ({ matches, loaderData }) =>
  caseWorkMeta("advice.page.title", matches, loaderData);
export const links: Route.LinksFunction = () => [
  ...caseWorkLinks(),
  { rel: "stylesheet", href: adviceCss },
];

const NOTICES = [
  "proposed",
  "text",
  "added",
  "saved",
  "removed",
  "moved",
  "shared",
  "nothingNew",
] as const;
type Notice = (typeof NOTICES)[number];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, row, abilities } = await loadAdviceCaseFor(
    request,
    params.id,
    "advice.read",
    "advice.edit",
  );
  const lang = getLang(request);
  const advice = await findAdvice(rt.db, row.id);
  const items = advice ? await draftItems(rt.db, advice.id) : [];
  const catalogue = abilities.edit ? await activeCatalogue(rt.db) : [];
  const notice = new URL(request.url).searchParams.get("gedaan");
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    phase: row.phase,
    canEdit: abilities.edit,
    text: advice
      ? {
          situation: advice.situation,
          problem: advice.problem,
          nextSteps: advice.next_steps,
          version: advice.version,
        }
      : { situation: "", problem: "", nextSteps: "", version: 1 },
    items,
    totals: planTotals(items),
    versions: advice ? await listVersions(rt.db, advice.id) : [],
    scan: await caseScanChart(rt.db, row.id, lang),
    catalogue: catalogue
      .map((a) => ({ id: a.id, theme: a.theme, title: a.title[lang] }))
      .sort((a, b) => a.theme.localeCompare(b.theme) || a.title.localeCompare(b.title)),
    inDraft: items.map((i) => i.actionId).filter((x): x is string => !!x),
    today: todayIso(),
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as Notice) : null,
  };
}

type ActionData = {
  form: string;
  result?: SubmissionResult<string[]>;
  conflict?: {
    by: string | null;
    at: string;
    item?: DraftItem;
    text?: { situation: string; problem: string; nextSteps: string; version: number };
  };
};

const PROBLEM = "advice.problem";

/** Number and list fields in the shared text-field components (their values are strings). */
const asField = (f: unknown) => f as FieldMetadata<string>;

export async function action({ request, params, context }: Route.ActionArgs) {
  const { rt, actor, row } = await loadAdviceCaseFor(request, params.id, "advice.edit");
  const lang = getLang(request);
  const ctx = caseContext(rt, actor, requestInfo(request, context).ip);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const back = (notice: Notice, anchor = "") =>
    redirect(`/casussen/${row.id}/advies?gedaan=${notice}${anchor}`, 303);
  const bad = (body: ActionData, status = 400) => data(body, { status });

  switch (intent) {
    case "propose": {
      const r = await createDraftFromProposal(ctx, row.id, lang);
      if (!r.ok)
        return bad({
          form: "propose",
          result: { status: "error", error: { "": [`${PROBLEM}.${r.problem}`] } },
        });
      return back(r.added > 0 ? "proposed" : "nothingNew", "#acties");
    }
    case "text": {
      const s = parseWithZod(form, { schema: adviceTextSchema });
      if (s.status !== "success") return bad({ form: "text", result: s.reply() });
      const r = await updateAdviceText(ctx, row.id, s.value);
      if (!r.ok) {
        if (r.problem === "conflict") {
          return bad(
            {
              form: "text",
              result: s.reply({ formErrors: [`${PROBLEM}.conflict`] }),
              conflict: { by: r.lastChange.by, at: r.lastChange.at, text: r.current },
            },
            409,
          );
        }
        throw new Response("Not Found", { status: 404 });
      }
      return back("text", "#tekst");
    }
    case "catalogue": {
      const s = parseWithZod(form, { schema: catalogueItemSchema });
      if (s.status !== "success") return bad({ form: "catalogue", result: s.reply() });
      const r = await addCatalogueItem(ctx, row.id, s.value.actionId, lang);
      if (!r.ok)
        return bad({
          form: "catalogue",
          result: s.reply({ fieldErrors: { actionId: [`advice.error.${r.problem}`] } }),
        });
      return back("added", `#actie-${r.itemId}`);
    }
    case "custom": {
      const s = parseWithZod(form, { schema: customItemSchema });
      if (s.status !== "success") return bad({ form: "custom", result: s.reply() });
      const r = await addCustomItem(ctx, row.id, s.value);
      if (!r.ok) {
        const field = r.problem.startsWith("dependency") ? "dependsOn" : "";
        return bad({
          form: "custom",
          result: field
            ? s.reply({ fieldErrors: { [field]: [`advice.error.${r.problem}`] } })
            : s.reply({ formErrors: [`${PROBLEM}.${r.problem}`] }),
        });
      }
      return back("added", `#actie-${r.itemId}`);
    }
    case "item": {
      const s = parseWithZod(form, { schema: itemSchema });
      const formId = `item-${String(form.get("itemId") ?? "")}`;
      if (s.status !== "success") return bad({ form: formId, result: s.reply() });
      const r = await updateItem(ctx, row.id, s.value);
      if (!r.ok) {
        if (r.problem === "conflict") {
          return bad(
            {
              form: formId,
              result: s.reply({ formErrors: [`${PROBLEM}.conflictItem`] }),
              conflict: { by: r.lastChange.by, at: r.lastChange.at, item: r.current },
            },
            409,
          );
        }
        const field = r.problem.startsWith("dependency") ? "dependsOn" : "";
        return bad({
          form: formId,
          result: field
            ? s.reply({ fieldErrors: { [field]: [`advice.error.${r.problem}`] } })
            : s.reply({ formErrors: [`${PROBLEM}.${r.problem}`] }),
        });
      }
      return back("saved", `#actie-${s.value.itemId}`);
    }
    case "remove":
    case "up":
    case "down": {
      const s = parseWithZod(form, { schema: itemCommandSchema });
      if (s.status !== "success") return bad({ form: "command", result: s.reply() });
      const r =
        s.value.intent === "remove"
          ? await removeItem(ctx, row.id, s.value.itemId)
          : await moveItem(ctx, row.id, s.value.itemId, s.value.intent);
      if (!r.ok)
        return bad({
          form: "command",
          result: s.reply({ formErrors: [`${PROBLEM}.${r.problem}`] }),
        });
      return s.value.intent === "remove"
        ? back("removed", "#acties")
        : back("moved", `#actie-${s.value.itemId}`);
    }
    case "share": {
      const r = await shareVersion(ctx, row.id, lang);
      if (!r.ok)
        return bad({
          form: "share",
          result: { status: "error", error: { "": [`${PROBLEM}.${r.problem}`] } },
        });
      return back("shared", "#delen");
    }
    default:
      return bad({ form: "", result: { status: "error", error: { "": [`${PROBLEM}.intent`] } } });
  }
}

export default function CaseAdvice({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const d = loaderData;
  const a = actionData as ActionData | undefined;
  const general = (form: string) =>
    a?.form === form ? (a.result?.error?.[""] ?? []).map((k) => t(k)).join(" ") : "";
  return (
    <div className="spot-case-work spot-advice">
      <CaseWorkHeader c={d} title={t("advice.page.title")} />
      <p className="utrecht-paragraph">
        {t(d.canEdit ? "advice.page.lead" : "advice.page.leadRead")}
      </p>
      <nav aria-label={t("advice.page.navLabel")}>
        <ul className="spot-advice__toc">
          <li>
            <a className="utrecht-link" href="#tekst">
              {t("advice.text.title")}
            </a>
          </li>
          <li>
            <a className="utrecht-link" href="#acties">
              {t("advice.items.title")}
            </a>
          </li>
          <li>
            <a className="utrecht-link" href="#planning">
              {t("advice.roadmap.title")}
            </a>
          </li>
          <li>
            <a className="utrecht-link" href="#delen">
              {t("advice.share.title")}
            </a>
          </li>
          <li>
            <Link className="utrecht-link" to={`/casussen/${d.id}/realisatie`}>
              {t("advice.page.realisationLink")}
            </Link>
          </li>
        </ul>
      </nav>
      {d.notice ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t(`advice.notice.${d.notice}`)}</p>
        </Alert>
      ) : null}
      {a && ["command", ""].includes(a.form) && a.result?.error ? (
        <Alert type="error">
          <p className="utrecht-paragraph">
            {Object.values(a.result.error)
              .flat()
              .map((k) => t(k ?? ""))
              .join(" ")}
          </p>
        </Alert>
      ) : null}

      <section aria-labelledby="proposal-title" className="spot-section">
        <h2 id="proposal-title" className="utrecht-heading-2">
          {t("advice.proposal.title")}
        </h2>
        <p className="utrecht-paragraph">
          {d.scan
            ? t("advice.proposal.fromScan", { scan: d.scan.title })
            : t("advice.proposal.noScan")}
        </p>
        {general("propose") ? (
          <Alert type="error">
            <p className="utrecht-paragraph">{general("propose")}</p>
          </Alert>
        ) : null}
        {d.canEdit ? (
          <Form method="post" className="spot-advice__inline">
            <input type="hidden" name="intent" value="propose" />
            <SubmitButton secondary={d.items.length > 0}>
              {t(d.items.length === 0 ? "advice.proposal.make" : "advice.proposal.again")}
            </SubmitButton>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="tekst" className="spot-section">
        <h2 id="tekst" className="utrecht-heading-2">
          {t("advice.text.title")}
        </h2>
        {d.scan ? (
          <>
            <h3 className="utrecht-heading-3">{t("advice.scan.title")}</h3>
            <ScanChartSection scan={d.scan} id="scan" />
          </>
        ) : null}
        {d.canEdit ? (
          <TextForm text={d.text} actionData={a?.form === "text" ? a : undefined} />
        ) : (
          <>
            <h3 className="utrecht-heading-3">{t("advice.text.situation")}</h3>
            <Paragraphs text={d.text.situation} empty={t("advice.text.empty")} />
            <h3 className="utrecht-heading-3">{t("advice.text.problem")}</h3>
            <Paragraphs text={d.text.problem} empty={t("advice.text.empty")} />
            <h3 className="utrecht-heading-3">{t("advice.text.nextSteps")}</h3>
            <Paragraphs text={d.text.nextSteps} empty={t("advice.text.empty")} />
          </>
        )}
      </section>

      <section aria-labelledby="acties" className="spot-section">
        <h2 id="acties" className="utrecht-heading-2">
          {t("advice.items.title")}
        </h2>
        {d.items.length === 0 ? (
          <p className="utrecht-paragraph">{t("advice.items.none")}</p>
        ) : (
          <ol className="spot-advice__items">
            {d.items.map((item, n) => (
              <li key={item.id} id={`actie-${item.id}`} className="spot-advice__item">
                <h3 className="utrecht-heading-3">
                  {t("advice.items.numbered", { n: n + 1, title: item.title })}
                </h3>
                {item.reason ? (
                  <div className="spot-advice__reason">
                    <p className="utrecht-paragraph">
                      <strong>{t("advice.item.reason")}</strong>
                    </p>
                    <ul className="utrecht-unordered-list">
                      {item.reason
                        .split("\n")
                        .filter(Boolean)
                        .map((r) => (
                          <li key={r} className="utrecht-unordered-list__item">
                            {r}
                          </li>
                        ))}
                    </ul>
                  </div>
                ) : null}
                <ActionFacts item={item} all={d.items} />
                {d.canEdit ? (
                  <>
                    <div className="spot-advice__commands">
                      {n > 0 ? (
                        <CommandButton
                          itemId={item.id}
                          intent="up"
                          label={t("advice.items.up", { title: item.title })}
                          text={t("advice.items.upShort")}
                        />
                      ) : null}
                      {n < d.items.length - 1 ? (
                        <CommandButton
                          itemId={item.id}
                          intent="down"
                          label={t("advice.items.down", { title: item.title })}
                          text={t("advice.items.downShort")}
                        />
                      ) : null}
                      <CommandButton
                        itemId={item.id}
                        intent="remove"
                        label={t("advice.items.remove", { title: item.title })}
                        text={t("advice.items.removeShort")}
                      />
                    </div>
                    <ItemEditor
                      item={item}
                      others={d.items.filter((o) => o.id !== item.id)}
                      actionData={a?.form === `item-${item.id}` ? a : undefined}
                    />
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        {d.canEdit ? (
          <>
            <CatalogueForm
              catalogue={d.catalogue}
              inDraft={d.inDraft}
              actionData={a?.form === "catalogue" ? a : undefined}
            />
            <details className="spot-advice__details" open={a?.form === "custom"}>
              <summary>{t("advice.custom.summary")}</summary>
              <ItemEditor
                others={d.items}
                today={d.today}
                actionData={a?.form === "custom" ? a : undefined}
              />
            </details>
          </>
        ) : null}
      </section>

      <section aria-labelledby="totalen" className="spot-section">
        <h2 id="totalen" className="utrecht-heading-2">
          {t("advice.totals.title")}
        </h2>
        <Totals totals={d.totals} id="totals" />
      </section>

      <section aria-labelledby="planning" className="spot-section">
        <h2 id="planning" className="utrecht-heading-2">
          {t("advice.roadmap.title")}
        </h2>
        {d.items.length === 0 ? (
          <p className="utrecht-paragraph">{t("advice.roadmap.none")}</p>
        ) : (
          <Roadmap items={d.items} id="roadmap" />
        )}
      </section>

      <section aria-labelledby="delen" className="spot-section">
        <h2 id="delen" className="utrecht-heading-2">
          {t("advice.share.title")}
        </h2>
        <p className="utrecht-paragraph">{t("advice.share.lead")}</p>
        {general("share") ? (
          <Alert type="error">
            <p className="utrecht-paragraph">{general("share")}</p>
          </Alert>
        ) : null}
        {d.canEdit ? (
          <Form method="post" className="spot-advice__inline">
            <input type="hidden" name="intent" value="share" />
            <SubmitButton>{t("advice.share.button")}</SubmitButton>
          </Form>
        ) : null}
        <h3 className="utrecht-heading-3">{t("advice.versions.title")}</h3>
        {d.versions.length === 0 ? (
          <p className="utrecht-paragraph">{t("advice.versions.none")}</p>
        ) : (
          <TableWrap captionId="versions-caption">
            <table className="utrecht-table spot-table">
              <caption id="versions-caption">{t("advice.versions.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("advice.versions.number")}</th>
                  <th scope="col">{t("advice.versions.sharedAt")}</th>
                  <th scope="col">{t("advice.versions.sharedBy")}</th>
                  <th scope="col">{t("advice.versions.decisions")}</th>
                  <th scope="col">{t("advice.versions.pdf")}</th>
                </tr>
              </thead>
              <tbody>
                {d.versions.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">{t("advice.versions.label", { number: v.number })}</th>
                    <td>{formatDateTime(v.sharedAt, lang)}</td>
                    <td>{v.sharedBy ?? "–"}</td>
                    <td>{t("advice.versions.decided", { decided: v.decided, items: v.items })}</td>
                    <td>
                      <a
                        className="utrecht-link"
                        href={`/casussen/${d.id}/advies/${v.number}.pdf`}
                        download
                      >
                        {t("advice.versions.download", { number: v.number })}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </div>
  );
}

function CommandButton({
  itemId,
  intent,
  label,
  text,
}: {
  itemId: string;
  intent: "up" | "down" | "remove";
  label: string;
  text: string;
}) {
  return (
    <Form method="post" className="spot-advice__command">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="itemId" value={itemId} />
      <button
        type="submit"
        className="utrecht-button utrecht-button--secondary-action spot-advice__small"
        aria-label={label}
      >
        {text}
      </button>
    </Form>
  );
}

function ConflictNote({
  conflict,
  children,
}: {
  conflict: NonNullable<ActionData["conflict"]>;
  children: React.ReactNode;
}) {
  const { t, lang } = useT();
  return (
    <Alert type="warning">
      <p className="utrecht-paragraph">
        {t("advice.conflict.lead", {
          by: conflict.by ?? t("advice.conflict.someone"),
          at: formatDateTime(conflict.at, lang),
        })}
      </p>
      {children}
      <p className="utrecht-paragraph">{t("advice.conflict.yours")}</p>
    </Alert>
  );
}

function TextForm({
  text,
  actionData,
}: {
  text: { situation: string; problem: string; nextSteps: string; version: number };
  actionData?: ActionData;
}) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof adviceTextSchema>>({
    id: "text",
    lastResult: actionData?.result,
    constraint: formConstraints.adviceText,
    defaultValue: { ...text, version: String(text.version) },
  });
  const conflict = actionData?.conflict?.text ? actionData.conflict : undefined;
  const version = conflict?.text?.version ?? text.version;
  return (
    <>
      {conflict?.text ? (
        <ConflictNote conflict={conflict}>
          <dl className="spot-advice__facts">
            <dt>{t("advice.text.situation")}</dt>
            <dd>{conflict.text.situation || "–"}</dd>
            <dt>{t("advice.text.problem")}</dt>
            <dd>{conflict.text.problem || "–"}</dd>
            <dt>{t("advice.text.nextSteps")}</dt>
            <dd>{conflict.text.nextSteps || "–"}</dd>
          </dl>
        </ConflictNote>
      ) : null}
      <ErrorSummary
        formErrors={conflict ? undefined : form.errors}
        fields={[
          { field: fields.situation, label: t("advice.text.situation") },
          { field: fields.problem, label: t("advice.text.problem") },
          { field: fields.nextSteps, label: t("advice.text.nextSteps") },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form spot-advice__form">
        <input type="hidden" name="intent" value="text" />
        <input type="hidden" name="version" value={version} key={`v${version}`} />
        <TextareaField
          field={fields.situation}
          label={t("advice.text.situation")}
          description={t("advice.text.situationHint", { max: TEXT_MAX })}
          rows={6}
          optional
        />
        <TextareaField
          field={fields.problem}
          label={t("advice.text.problem")}
          description={t("advice.text.problemHint")}
          rows={4}
          optional
        />
        <TextareaField
          field={fields.nextSteps}
          label={t("advice.text.nextSteps")}
          description={t("advice.text.nextStepsHint")}
          rows={4}
          optional
        />
        <SubmitButton>{t("advice.text.save")}</SubmitButton>
      </Form>
    </>
  );
}

function CatalogueForm({
  catalogue,
  inDraft,
  actionData,
}: {
  catalogue: { id: string; theme: string; title: string }[];
  inDraft: string[];
  actionData?: ActionData;
}) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof catalogueItemSchema>>({
    id: "catalogue",
    lastResult: actionData?.result,
    constraint: formConstraints.adviceCatalogueItem,
  });
  const themes = [...new Set(catalogue.map((c) => c.theme))];
  const error = fields.actionId.errors?.map((e) => t(e)).join(" ");
  const select = getInputProps(fields.actionId, { type: "text" });
  return (
    <Form method="post" {...getFormProps(form)} className="spot-form spot-advice__add">
      <input type="hidden" name="intent" value="catalogue" />
      <div
        className={`utrecht-form-field utrecht-form-field--select${error ? " utrecht-form-field--invalid" : ""}`}
      >
        <div className="utrecht-form-field__label">
          <label className="utrecht-form-label" htmlFor={fields.actionId.id}>
            {t("advice.catalogue.label")}
          </label>
        </div>
        <div
          className="utrecht-form-field__description utrecht-form-field-description"
          id={`${fields.actionId.id}-description`}
        >
          {t("advice.catalogue.hint")}
        </div>
        {error ? (
          <div
            className="utrecht-form-field__error-message utrecht-form-field-error-message"
            id={fields.actionId.errorId}
          >
            {error}
          </div>
        ) : null}
        <div className="utrecht-form-field__input">
          <select
            id={fields.actionId.id}
            name={fields.actionId.name}
            defaultValue={typeof select.defaultValue === "string" ? select.defaultValue : ""}
            key={select.key}
            aria-invalid={error ? true : undefined}
            aria-describedby={[
              `${fields.actionId.id}-description`,
              error ? fields.actionId.errorId : null,
            ]
              .filter(Boolean)
              .join(" ")}
            className={`utrecht-select utrecht-select--html-select spot-select${error ? " utrecht-select--invalid" : ""}`}
          >
            <option value="">{t("advice.catalogue.choose")}</option>
            {themes.map((th) => (
              <optgroup key={th} label={t(`theme.${th}`)}>
                {catalogue
                  .filter((c) => c.theme === th)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {inDraft.includes(c.id)
                        ? t("advice.catalogue.already", { title: c.title })
                        : c.title}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
      </div>
      <SubmitButton secondary>{t("advice.catalogue.add")}</SubmitButton>
    </Form>
  );
}

/** The form of one action: edit an item of the draft, or (without `item`) add a custom one. */
function ItemEditor({
  item,
  others,
  today,
  actionData,
}: {
  item?: DraftItem;
  others: DraftItem[];
  today?: string;
  actionData?: ActionData;
}) {
  const { t, lang } = useT();
  const formId = item ? `item-${item.id}` : "custom";
  const start = today ?? "";
  const [form, fields] = useForm<z.input<typeof itemSchema>>({
    id: formId,
    lastResult: actionData?.result,
    constraint: item ? formConstraints.adviceItem : formConstraints.adviceCustomItem,
    defaultValue: item
      ? {
          title: item.title,
          description: item.description,
          costOnceMin: String(item.costOnceMin),
          costOnceMax: String(item.costOnceMax),
          costMonthlyMin: String(item.costMonthlyMin),
          costMonthlyMax: String(item.costMonthlyMax),
          startOn: item.startOn,
          endOn: item.endOn,
          dependsOn: item.dependsOn,
          effect: item.effect,
          indicator: item.indicator,
          owner: item.owner,
        }
      : {
          costOnceMin: "0",
          costOnceMax: "0",
          costMonthlyMin: "0",
          costMonthlyMax: "0",
          startOn: start,
          endOn: start ? addDays(start, 28) : "",
        },
  });
  const conflict = actionData?.conflict?.item ? actionData.conflict : undefined;
  const version = conflict?.item?.version ?? item?.version ?? 1;
  const depsValue = fields.dependsOn.initialValue;
  const checked = new Set(
    Array.isArray(depsValue) ? depsValue : typeof depsValue === "string" ? [depsValue] : [],
  );
  const depsError = fields.dependsOn.errors?.map((e) => t(e)).join(" ");
  const labels = {
    title: t("advice.item.title"),
    costOnceMin: t("advice.item.costOnceMin"),
    costOnceMax: t("advice.item.costOnceMax"),
    costMonthlyMin: t("advice.item.costMonthlyMin"),
    costMonthlyMax: t("advice.item.costMonthlyMax"),
    startOn: t("advice.item.startOn"),
    endOn: t("advice.item.endOn"),
    description: t("advice.item.description"),
    effect: t("advice.item.effect"),
    indicator: t("advice.item.indicator"),
    owner: t("advice.item.owner"),
  };
  const body = (
    <>
      {conflict?.item ? (
        <ConflictNote conflict={conflict}>
          <ActionFacts item={conflict.item} all={[...others, conflict.item]} />
        </ConflictNote>
      ) : null}
      <ErrorSummary
        formErrors={conflict ? undefined : form.errors}
        fields={[
          { field: fields.title, label: labels.title },
          { field: asField(fields.costOnceMin), label: labels.costOnceMin },
          { field: asField(fields.costOnceMax), label: labels.costOnceMax },
          { field: asField(fields.costMonthlyMin), label: labels.costMonthlyMin },
          { field: asField(fields.costMonthlyMax), label: labels.costMonthlyMax },
          { field: fields.startOn, label: labels.startOn },
          { field: fields.endOn, label: labels.endOn },
          { field: asField(fields.dependsOn), label: t("advice.item.dependsOn") },
          { field: fields.description, label: labels.description },
          { field: fields.effect, label: labels.effect },
          { field: fields.indicator, label: labels.indicator },
          { field: fields.owner, label: labels.owner },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form spot-advice__form">
        <input type="hidden" name="intent" value={item ? "item" : "custom"} />
        {item ? (
          <>
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="version" value={version} key={`v${version}`} />
          </>
        ) : null}
        <Field field={fields.title} label={labels.title} />
        <TextareaField field={fields.description} label={labels.description} rows={3} optional />
        <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset spot-case-work__group">
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            {t("advice.item.costs")}
          </legend>
          <p className="utrecht-paragraph spot-advice__muted">
            {t("advice.item.costsHint", {
              max: EURO_MAX.toLocaleString(lang === "nl" ? "nl-NL" : "en-GB"),
            })}
          </p>
          <div className="spot-case-work__pair">
            <Field
              field={asField(fields.costOnceMin)}
              label={labels.costOnceMin}
              type="number"
              inputMode="numeric"
            />
            <Field
              field={asField(fields.costOnceMax)}
              label={labels.costOnceMax}
              type="number"
              inputMode="numeric"
            />
          </div>
          <div className="spot-case-work__pair">
            <Field
              field={asField(fields.costMonthlyMin)}
              label={labels.costMonthlyMin}
              type="number"
              inputMode="numeric"
            />
            <Field
              field={asField(fields.costMonthlyMax)}
              label={labels.costMonthlyMax}
              type="number"
              inputMode="numeric"
            />
          </div>
        </fieldset>
        <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset spot-case-work__group">
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            {t("advice.item.planning")}
          </legend>
          <div className="spot-case-work__pair">
            <Field field={fields.startOn} label={labels.startOn} type="date" />
            <Field
              field={fields.endOn}
              label={labels.endOn}
              type="date"
              description={t("advice.item.endHint")}
            />
          </div>
        </fieldset>
        {others.length > 0 ? (
          <fieldset
            className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset spot-case-work__group${depsError ? " utrecht-form-field--invalid" : ""}`}
            aria-describedby={depsError ? fields.dependsOn.errorId : undefined}
          >
            <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
              {t("advice.item.dependsOn")}{" "}
              <span className="spot-optional">({t("form.optional")})</span>
            </legend>
            {depsError ? (
              <div
                className="utrecht-form-field__error-message utrecht-form-field-error-message"
                id={fields.dependsOn.errorId}
              >
                {depsError}
              </div>
            ) : null}
            <div className="spot-advice__checks" id={fields.dependsOn.id}>
              {others.map((o) => (
                <div key={o.id} className="spot-check">
                  <input
                    type="checkbox"
                    className="utrecht-checkbox utrecht-checkbox--html-input"
                    id={`${formId}-dep-${o.id}`}
                    name="dependsOn"
                    value={o.id}
                    defaultChecked={checked.has(o.id)}
                    key={`${form.key ?? ""}-${o.id}-${checked.has(o.id)}`}
                  />
                  <label className="utrecht-form-label" htmlFor={`${formId}-dep-${o.id}`}>
                    {o.title}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        ) : null}
        <TextareaField field={fields.effect} label={labels.effect} rows={2} optional />
        <TextareaField
          field={fields.indicator}
          label={labels.indicator}
          description={t("advice.item.indicatorHint")}
          rows={2}
          optional
        />
        <Field
          field={fields.owner}
          label={labels.owner}
          description={t("advice.item.ownerHint", { max: OWNER_MAX })}
          optional
        />
        <SubmitButton>{item ? t("advice.item.save") : t("advice.custom.add")}</SubmitButton>
      </Form>
    </>
  );
  if (!item) return body;
  return (
    <details className="spot-advice__details" open={!!actionData}>
      <summary>{t("advice.item.edit", { title: item.title })}</summary>
      {body}
      <p className="utrecht-paragraph spot-advice__muted">
        {t("advice.item.lastChanged", { date: formatDate(item.updatedAt, lang) })}
      </p>
    </details>
  );
}
