import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { Button } from "../../shared/ui/Button";
import { Confirm } from "../../shared/ui/Dialog";
import "../../shared/ui/table.css";

const CHECK = ["pbx", "check"] as const;

/** Apply config: what the check finds wrong first, then Asterisk's files written and
 *  reloaded; calls in progress stay up. */
export function ApplyTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const check = useQuery({ queryKey: CHECK, refetchOnMount: "always",
                           queryFn: async () => unwrap(await api.GET("/api/v1/pbx/check")) });
  const apply = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/pbx/apply")),
    onSettled: async () => { await client.invalidateQueries({ queryKey: CHECK }); },
  });
  return (
    <div className="pbx-apply">
      <p className="muted">{t("pbx.applyIntro")}</p>
      <section className="panel" aria-labelledby="check-title">
        <h2 id="check-title">{t("pbx.check")}</h2>
        {check.isPending ? <p role="status">{t("app.loading")}</p>
          : check.isError ? <p role="alert">{errorText(t, check.error)}</p>
            : check.data.ok ? <p className="chip chip--ok">{t("pbx.checkOk")}</p> : (
              <>
                <p role="alert" className="problem">
                  {t("pbx.problems", { count: check.data.problems.length })}
                </p>
                <table className="table table--stack">
                  <thead>
                    <tr>
                      <th scope="col">{t("pbx.where")}</th>
                      <th scope="col">{t("pbx.problemField")}</th>
                      <th scope="col">{t("pbx.problem")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {check.data.problems.map((problem, index) => (
                      <tr key={index}>
                        <th scope="row">{problem.where}</th>
                        <td data-label={t("pbx.problemField")}>{problem.field}</td>
                        <td data-label={t("pbx.problem")}>{problem.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
        <div className="form-actions">
          <Button onClick={() => void check.refetch()} disabled={check.isFetching}>
            {t("pbx.checkAgain")}
          </Button>
          {canEdit && (
            <Button variant="primary" disabled={!check.data?.ok || apply.isPending}
                    onClick={() => setAsking(true)}>
              {t("pbx.apply")}
            </Button>
          )}
        </div>
      </section>
      {apply.isError && <p role="alert" className="problem">{errorText(t, apply.error)}</p>}
      {apply.isSuccess && (
        <section className="panel" aria-labelledby="applied-title" role="status">
          <h2 id="applied-title">{apply.data.changed.length === 0 ? t("pbx.nothingChanged")
            : t("pbx.applied")}</h2>
          {apply.data.changed.length > 0 && (
            <p>{t("pbx.changedFiles", { files: apply.data.changed.join(", ") })}</p>
          )}
          {apply.data.reloaded.length > 0 && (
            <p>{t("pbx.reloadedModules", { modules: apply.data.reloaded.join(", ") })}</p>
          )}
          <p className="muted">{t("pbx.appliedNext")} <Link to="/live">{t("nav.live")}</Link></p>
        </section>
      )}
      <Confirm open={asking} onOpenChange={setAsking} title={t("pbx.applyTitle")}
               description={t("pbx.applyText")} confirmLabel={t("pbx.apply")}
               onConfirm={async () => { await apply.mutateAsync(); }} />
    </div>
  );
}
