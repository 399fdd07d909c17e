// The draft's problems (they stop publishing) and warnings (they do not), each naming its
// node as people do; choosing one selects its node on the canvas.
import type { Ref } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../shared/api/client";

type Issue = Schemas["Issue"];

export function Problems({ issues, warnings, name, onSelect, titleRef }: {
  issues: Issue[];
  warnings: Issue[];
  name: (node: string) => string;
  onSelect: (node: string) => void;
  /** Where a refused publish brings the reader. */
  titleRef: Ref<HTMLHeadingElement>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <h2 ref={titleRef} tabIndex={-1}>{t("builder.problems", { count: issues.length })}</h2>
      {issues.length === 0 ? <p className="muted">{t("builder.noProblems")}</p>
        : <IssueList issues={issues} name={name} onSelect={onSelect} className="builder__problems" />}
      {warnings.length > 0 && (
        <>
          <h2>{t("builder.warnings", { count: warnings.length })}</h2>
          <IssueList issues={warnings} name={name} onSelect={onSelect}
                     className="builder__problems builder__warnings" />
        </>
      )}
    </>
  );
}

function IssueList({ issues, name, onSelect, className }: {
  issues: Issue[]; name: (node: string) => string; onSelect: (node: string) => void;
  className: string;
}) {
  return (
    <ul className={className}>
      {issues.map((issue, index) => (
        <li key={index}>
          <button type="button" className="link" disabled={!issue.node}
                  onClick={() => { if (issue.node) onSelect(issue.node); }}>
            {issue.node ? <strong>{name(issue.node)}: </strong> : null}{issue.message}
          </button>
        </li>
      ))}
    </ul>
  );
}
