import { createContext, useContext } from "react";
import type { Schemas } from "../../shared/api/client";
import type { NodeType } from "./graph";

export interface BuilderContext {
  types: Map<string, NodeType>;
  issues: Schemas["Issue"][];
  traffic?: Schemas["Traffic"] | null;
  readOnly?: boolean;
  /** What a person calls a node (its label, or its type and number), never its id. */
  nodeName?: (id: string) => string;
  portName?: (id: string, port: string) => string;
}

export const Builder = createContext<BuilderContext>({ types: new Map(), issues: [] });

export function useBuilder(): BuilderContext {
  return useContext(Builder);
}
