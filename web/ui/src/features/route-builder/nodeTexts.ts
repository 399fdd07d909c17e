// Node types in the user's language: the catalogue's "nodes" section, keyed by what the
// server declares. A type the catalogue does not know (one added in Python) keeps the
// server's own words, so it still appears with its form.
import type { TFunction } from "i18next";
import type { Schemas } from "../../shared/api/client";
import type { NodeType } from "./graph";

export function localizedTypes(types: NodeType[], t: TFunction): NodeType[] {
  return types.map((type) => {
    const key = `nodes.${type.type}`;
    return {
      ...type,
      title: t(`${key}.title`, { defaultValue: type.title }),
      description: t(`${key}.description`, { defaultValue: type.description }),
      params: type.params.map((param) => ({
        ...param,
        label: t(`${key}.params.${param.name}.label`, { defaultValue: param.label }),
        ...(param.help
          ? { help: t(`${key}.params.${param.name}.help`, { defaultValue: param.help }) }
          : {}),
      })),
      ports: type.ports.map((port) => ({
        ...port, label: t(`${key}.ports.${port.name}`, { defaultValue: port.label }),
      })),
    };
  });
}

type Issue = Schemas["Issue"];

/** A validation problem in the user's language: the server sends each one's key and
 *  parameters beside its English text; the field's and port's words come from the node
 *  type (already in the user's language). A key the catalogue lacks keeps the English. */
export function localizedIssue(issue: Issue, type: NodeType | undefined, t: TFunction): Issue {
  const label = type?.params.find((param) => param.name === issue.param)?.label
    ?? issue.param ?? "";
  const port = type?.ports.find((each) => each.name === issue.port)?.label ?? issue.port ?? "";
  const message = t(`issues.${issue.key}`, {
    ...issue.params, label, port: issue.params.port ?? port, defaultValue: issue.message,
  });
  return { ...issue, message };
}
