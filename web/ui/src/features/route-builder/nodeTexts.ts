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

/** A validation problem in the user's language where its code says all there is to say
 *  (with the node type's own words for the field or port); otherwise the server's text. */
export function localizedIssue(issue: Issue, type: NodeType | undefined, t: TFunction): Issue {
  switch (issue.code) {
    case "missing_param": {
      const label = type?.params.find((param) => param.name === issue.param)?.label;
      return label ? { ...issue, message: t("issues.missing_param", { label }) } : issue;
    }
    case "unconnected_port": {
      const label = type?.ports.find((port) => port.name === issue.port)?.label;
      return label ? { ...issue, message: t("issues.unconnected_port", { port: label }) }
        : issue;
    }
    case "unreachable":
      return { ...issue, message: t("issues.unreachable") };
    default:
      return issue;
  }
}
