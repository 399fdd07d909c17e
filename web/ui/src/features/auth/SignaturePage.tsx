// One's own signature, added under one's replies (above the queue's); the ticket's facts
// may be named as variables.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { Button } from "../../shared/ui/Button";
import { Field } from "../../shared/ui/Field";
import { VariableButtons, withVariable } from "../../shared/ui/VariableButtons";
import { useUnsaved } from "../../shared/unsaved";

export function SignaturePage() {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: ["my-signature"],
                          queryFn: async () => unwrap(await api.GET("/api/v1/me/signature")) });
  if (mine.isPending) return <p role="status">{t("app.loading")}</p>;
  if (mine.isError) return <p role="alert">{errorText(t, mine.error)}</p>;
  return <SignatureForm saved={mine.data.signature} />;
}

function SignatureForm({ saved }: { saved: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [text, setText] = useState(saved);
  const area = useRef<HTMLTextAreaElement>(null);
  useUnsaved(text !== saved);
  const save = useMutation({
    mutationFn: async () => unwrap(await api.PUT("/api/v1/me/signature",
                                                 { body: { signature: text } })),
    onSuccess: (answer) => client.setQueryData(["my-signature"], answer),
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form className="panel signature" onSubmit={submit} aria-labelledby="signature-title">
      <h1 id="signature-title">{t("signature.title")}</h1>
      <p className="muted">{t("signature.intro")}</p>
      <Field label={t("signature.text")} name="signature" error={save.error}
             hint={t("signature.hint")}>
        {(control) => <textarea {...control} ref={area} rows={6} value={text}
                                onChange={(event) => setText(event.target.value)} />}
      </Field>
      <VariableButtons onInsert={(name) => setText(withVariable(area.current, text, name))} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.isPending || text === saved}>
          {t("signature.save")}
        </Button>
        {save.isSuccess && text === saved && <p role="status">{t("signature.saved")}</p>}
      </div>
    </form>
  );
}
