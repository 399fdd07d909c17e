// Node types in the user's language: the catalogue's "nodes" section, keyed by what the
// server declares. A type the catalogue does not know (one added in Python) keeps the
// server's own words, so it still appears with its form.
import type { TFunction } from "i18next";
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
