// Wrap-up: what a queue call came to (one of its queue's codes) and a note, onto the call
// and its ticket — in the screen pop after the call, or later from the call on the ticket.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { Button } from "../../shared/ui/Button";

export function WrapUp({ card }: { card: Schemas["CallPop"] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [code, setCode] = useState(card.disposition ?? "");
  const [note, setNote] = useState("");
  const save = useMutation({
    mutationFn: async () => unwrap(await api.PUT("/api/v1/calls/{linkedid}/disposition", {
      params: { path: { linkedid: card.linkedid } }, body: { code, note } })),
    onSuccess: async () => {
      setNote("");
      await client.invalidateQueries({ queryKey: ["call-pop", card.linkedid] });
      await client.invalidateQueries({ queryKey: ["ticket"] });
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (code) save.mutate();
  }
  return (
    <form className="screen-pop__wrap-up" onSubmit={submit} aria-labelledby="wrap-up-title">
      <h3 id="wrap-up-title">{t("pop.wrapUp")}</h3>
      <fieldset>
        <legend>{t("pop.cameTo")}</legend>
        {card.dispositions.map((each) => (
          <label key={each} className="screen-pop__code">
            <input type="radio" name="disposition" value={each} checked={code === each}
                   onChange={() => setCode(each)} />
            {each}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>{t("pop.note")}</span>
        <textarea rows={2} value={note} maxLength={4000}
                  onChange={(event) => setNote(event.target.value)} />
      </label>
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={!code || save.isPending}>
          {t("pop.saveWrapUp")}
        </Button>
        {save.isSuccess && <p role="status">{t("pop.wrapUpSaved", { code: save.data.code })}</p>}
      </div>
      {save.isError && <p role="alert">{errorText(t, save.error)}</p>}
    </form>
  );
}

