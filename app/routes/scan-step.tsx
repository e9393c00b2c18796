import { useEffect, useRef, useState } from "react";
import {
  data,
  Form,
  Link,
  redirect,
  useLocation,
  useNavigate,
  useNavigation,
  useSubmit,
} from "react-router";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { loadScanFor } from "~/modules/scans/access.server";
import { AnswerError, isComplete } from "~/modules/scans/answers";
import { type AutosaveResult, saveAutosave } from "~/modules/scans/autosave.server";
import { isEmptyInput, readAnswer } from "~/modules/scans/form-values";
import { allQuestions } from "~/modules/scans/instrument";
import {
  completeResponse,
  instrumentFor,
  loadAnswers,
  progressOf,
  saveAnswer,
} from "~/modules/scans/responses.server";
import { ScanQuestion } from "~/ui/scan-question";
import type { Route } from "./+types/scan-step";

export const meta: Route.MetaFunction = ({ data: d }) => [
  { title: d ? `${d.questionLabel} — ${d.instrumentTitle} | SPOT 035` : "Scan | SPOT 035" },
];

function stepNumber(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : 0;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, response } = await loadScanFor(request, params.id, "scan.answer");
  if (response.status === "completed") throw redirect(`/scan/${response.id}/resultaat`);
  const lang = getLang(request);
  const inst = instrumentFor(response);
  const answers = await loadAnswers(rt.db, response.id);
  const progress = progressOf(inst, answers);
  const n = stepNumber(params.n);
  if (n < 1 || n > progress.steps.length)
    throw redirect(`/scan/${response.id}/vraag/${progress.firstOpen + 1}`);
  const qid = progress.steps[n - 1]!;
  const q = allQuestions(inst).find((x) => x.id === qid)!;
  const section = inst.sections.find((s) => s.questions.some((x) => x.id === qid))!;
  return {
    id: response.id,
    instrumentTitle: inst.title[lang],
    sectionTitle: section.title[lang],
    sectionIntro: section.questions[0]?.id === qid && section.intro ? section.intro[lang] : null,
    questionLabel: q.label[lang],
    question: q,
    value: answers[qid],
    step: n,
    total: progress.steps.length,
    answered: progress.answered,
    isLast: n === progress.steps.length,
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { rt, response } = await loadScanFor(request, params.id, "scan.answer");
  if (response.status === "completed") throw redirect(`/scan/${response.id}/resultaat`, 303);
  const inst = instrumentFor(response);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "next");
  const qid = String(form.get("question") ?? "");
  const q = allQuestions(inst).find((x) => x.id === qid);
  // A tampered or stale question id is not an error the respondent can fix: send them on.
  if (!q) throw redirect(`/scan/${response.id}`, 303);
  const raw = readAnswer(q, form);
  const empty = isEmptyInput(q, raw);
  const n = stepNumber(params.n);

  if (intent === "autosave") {
    const { status, body } = await saveAutosave(rt.db, response, form);
    return data(body, { status });
  }

  if (!empty || intent === "next" || intent === "finish") {
    try {
      if (empty && q.required) throw new AnswerError("scan.error.required");
      if (!empty) {
        // Going back keeps a half-filled grid; going on needs a whole answer.
        await saveAnswer(rt.db, response, q.id, raw, { partial: intent === "prev" });
        if (intent !== "prev") {
          const answers = await loadAnswers(rt.db, response.id);
          if (q.required && !isComplete(q, answers[q.id]))
            throw new AnswerError("scan.error.incomplete");
        }
      }
    } catch (e) {
      if (e instanceof AnswerError)
        return data({ saved: false, error: e.problem }, { status: 400 });
      throw e;
    }
  }

  if (intent === "prev") return redirect(`/scan/${response.id}/vraag/${Math.max(1, n - 1)}`, 303);
  const answers = await loadAnswers(rt.db, response.id);
  const progress = progressOf(inst, answers);
  if (intent === "finish" || n >= progress.steps.length) {
    const done = await completeResponse(rt.db, response);
    if (done.ok) return redirect(`/scan/${response.id}/resultaat`, 303);
    const first = progress.steps.indexOf(done.missing[0]!);
    return redirect(`/scan/${response.id}/vraag/${first + 1}?open=1`, 303);
  }
  return redirect(`/scan/${response.id}/vraag/${n + 1}`, 303);
}

export default function ScanStep({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const d = loaderData;
  const navigation = useNavigation();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  // What the autosave says ("saved", or its error) is about a change on this visit of this
  // step, not about the question before it.
  const location = useLocation();
  const [autosaveState, setAutosaveState] = useState<{
    on: string;
    saving: boolean;
    result: AutosaveResult | null;
  } | null>(null);
  const autosaveHere = autosaveState?.on === location.key;
  const autosaveData = autosaveHere ? autosaveState.result : null;
  const errorKey = actionData?.error ?? autosaveData?.error ?? null;
  const errorText = errorKey ? t(errorKey) : undefined;
  const answered = autosaveData?.answered ?? d.answered;
  const headingRef = useRef<HTMLHeadingElement>(null);

  // After moving to another question, put focus on its heading (a new "page" for screen readers).
  useEffect(() => {
    if (d.step > 0) headingRef.current?.focus();
  }, [d.step]);

  // Autosaves go to POST /scan/:id/antwoord (a small JSON answer; the page is not reloaded),
  // one at a time, the newest waiting for the one on its way: an older request must never land
  // on the server after a newer one.
  const autosaving = useRef<Promise<void> | null>(null);
  const nextAutosave = useRef<{ body: FormData; on: string } | null>(null);
  function autosave(body: FormData, on: string) {
    nextAutosave.current = { body, on };
    if (autosaving.current) return;
    autosaving.current = (async () => {
      for (let next = nextAutosave.current; next; next = nextAutosave.current) {
        nextAutosave.current = null;
        const { on: key } = next;
        setAutosaveState((prev) => ({
          on: key,
          saving: true,
          result: prev?.on === key ? prev.result : null,
        }));
        const params = new URLSearchParams();
        for (const [k, v] of next.body) if (typeof v === "string") params.append(k, v);
        try {
          const res = await fetch(`/scan/${d.id}/antwoord`, { method: "POST", body: params });
          const result = (await res.json()) as AutosaveResult;
          if (result.location) {
            void navigate(result.location);
            return;
          }
          setAutosaveState({ on: key, saving: false, result });
        } catch {
          // Offline or the server restarting: "Next" saves the answer with the page itself.
          setAutosaveState({ on: key, saving: false, result: null });
        }
      }
    })().finally(() => {
      autosaving.current = null;
    });
  }

  // "Next" (or Enter) right after a change waits for its autosave: a navigation that overtakes
  // an autosave on its way is cut short by React Router (the address moves on to the next
  // question, the page stays on this one).
  const submit = useSubmit();
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    const pending = autosaving.current;
    if (!pending) return;
    event.preventDefault();
    const target =
      ((event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null) ??
      event.currentTarget;
    void pending.then(() => submit(target, { method: "post" }));
  }

  // With JavaScript: save each answer as it is given, without leaving the page.
  function onChange(event: React.FormEvent<HTMLFormElement>) {
    const target = event.target as HTMLInputElement;
    // Multiple choice with an exclusive option ("none of these"): ticking it clears the others.
    if (target.type === "checkbox" && target.checked) {
      const group = Array.from(
        event.currentTarget.querySelectorAll<HTMLInputElement>(
          `input[type=checkbox][name="${CSS.escape(target.name)}"]`,
        ),
      );
      if (target.dataset.exclusive) {
        for (const other of group) if (other !== target) other.checked = false;
      } else {
        for (const other of group) if (other.dataset.exclusive) other.checked = false;
      }
    }
    const fd = new FormData(event.currentTarget);
    fd.set("intent", "autosave");
    autosave(fd, location.key);
  }

  const saving = autosaveHere && autosaveState.saving;
  const saved = autosaveHere && !autosaveState.saving && autosaveData?.saved === true;
  return (
    <div className="spot-scan">
      <p className="spot-scan__instrument">{d.instrumentTitle}</p>
      <div className="spot-progress">
        <label htmlFor="scan-progress" className="spot-progress__label">
          {t("scan.stepOf", { step: d.step, total: d.total })}
        </label>
        <progress id="scan-progress" max={d.total} value={answered}>
          {t("scan.answeredOf", { answered, total: d.total })}
        </progress>
      </div>
      <h1 className="utrecht-heading-2 spot-scan__section" ref={headingRef} tabIndex={-1}>
        {d.sectionTitle}
      </h1>
      {d.sectionIntro ? <p className="utrecht-paragraph">{d.sectionIntro}</p> : null}
      {errorText ? (
        <div className="spot-error-summary" role="alert">
          <p className="utrecht-paragraph">
            <a className="utrecht-link" href={`#${d.question.id}-error`}>
              {errorText}
            </a>
          </p>
        </div>
      ) : null}
      <Form
        method="post"
        ref={formRef}
        onChange={onChange}
        onSubmit={onSubmit}
        className="spot-form"
        key={d.question.id}
      >
        <input type="hidden" name="question" value={d.question.id} />
        <ScanQuestion
          q={d.question}
          value={d.value}
          lang={lang}
          error={errorText}
          errorId={`${d.question.id}-error`}
        />
        <p className="spot-save-status" aria-live="polite">
          {saving ? t("scan.saving") : saved ? t("scan.saved") : ""}
        </p>
        {/* "Next" comes first: the first submit button is the form's default, the one Enter in
            a field presses — it must go on, not back. */}
        <div className="spot-actions">
          <button
            type="submit"
            name="intent"
            value={d.isLast ? "finish" : "next"}
            className="utrecht-button utrecht-button--primary-action"
            disabled={navigation.state === "submitting"}
          >
            {d.isLast ? t("scan.finish") : t("scan.next")}
          </button>
          {d.step > 1 ? (
            <button
              type="submit"
              name="intent"
              value="prev"
              className="utrecht-button utrecht-button--secondary-action"
              formNoValidate
            >
              {t("scan.previous")}
            </button>
          ) : null}
        </div>
      </Form>
      <p className="utrecht-paragraph spot-hint">
        {t("scan.autosaveNote")}{" "}
        <Link className="utrecht-link" to={`/scan/${d.id}/bewaren`}>
          {t("scan.saveForLater")}
        </Link>
      </p>
    </div>
  );
}
