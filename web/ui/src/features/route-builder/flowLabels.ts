// React Flow's own words for screen readers (controls, minimap, handles), in the user's
// language rather than the library's English.
import type { AriaLabelConfig } from "@xyflow/react";
import type { TFunction } from "i18next";

export function flowLabels(t: TFunction): Partial<AriaLabelConfig> {
  return {
    "node.a11yDescription.default": t("flow.nodeHelp"),
    "node.a11yDescription.keyboardDisabled": t("flow.nodeHelpKeyboard"),
    "node.a11yDescription.ariaLiveMessage": ({ direction, x, y }) =>
      t("flow.nodeMoved", { direction: t(`flow.directions.${direction}`, { defaultValue: direction }),
                           x: Math.round(x), y: Math.round(y) }),
    "edge.a11yDescription.default": t("flow.edgeHelp"),
    "controls.ariaLabel": t("flow.controls"),
    "controls.zoomIn.ariaLabel": t("flow.zoomIn"),
    "controls.zoomOut.ariaLabel": t("flow.zoomOut"),
    "controls.fitView.ariaLabel": t("flow.fitView"),
    "controls.interactive.ariaLabel": t("flow.interactive"),
    "minimap.ariaLabel": t("builder.minimap"),
    "handle.ariaLabel": t("flow.handle"),
  };
}
