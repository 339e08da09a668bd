/**
 * TwoPhase: the two-phase commit protocol of the TLA+ Examples (`transaction_commit/TwoPhase.tla`),
 * action for action, so that the state counts can be checked against TLC's and Stateright's.
 *
 * State packed into one integer (rm <= 7): per resource manager 2 bits of rmState, then
 * tmState (1 bit), tmPrepared (rm bits), the Prepared(r) messages (rm bits), Commit and Abort
 * message bits.
 */
import type { Action, Model } from "../../src/model.ts";

const RM_NAMES = ["working", "prepared", "committed", "aborted"] as const;
const WORKING = 0;
const PREPARED = 1;
const COMMITTED = 2;
const ABORTED = 3;

interface TwoPhaseAction extends Action {
  readonly r: number;
}

export function twoPhase(rm: number): Model<number, TwoPhaseAction> {
  if (rm < 1 || rm > 7) throw new RangeError("rm must be in 1..7");
  const TM = 2 * rm; // tmState bit: 0 init, 1 done
  const TMP = TM + 1; // tmPrepared bits
  const MSG_P = TMP + rm; // Prepared(r) message bits
  const MSG_COMMIT = MSG_P + rm;
  const MSG_ABORT = MSG_COMMIT + 1;
  const bit = (i: number): number => 2 ** i;
  const has = (s: number, i: number): boolean => Math.floor(s / bit(i)) % 2 === 1;
  const rmState = (s: number, r: number): number => Math.floor(s / bit(2 * r)) % 4;
  const setRm = (s: number, r: number, v: number): number => s + (v - rmState(s, r)) * bit(2 * r);

  const mk = (name: string, r = -1): TwoPhaseAction => (r < 0 ? { name, r } : { name, r, params: [r + 1] });
  const tmCommit = mk("TMCommit");
  const tmAbort = mk("TMAbort");
  const perRm = (name: string): TwoPhaseAction[] => Array.from({ length: rm }, (_, r) => mk(name, r));
  const tmRcvPrepared = perRm("TMRcvPrepared");
  const rmPrepare = perRm("RMPrepare");
  const rmChooseToAbort = perRm("RMChooseToAbort");
  const rmRcvCommitMsg = perRm("RMRcvCommitMsg");
  const rmRcvAbortMsg = perRm("RMRcvAbortMsg");

  return {
    name: `TwoPhase(rm=${rm})`,
    actionNames: ["TMCommit", "TMAbort", "TMRcvPrepared", "RMPrepare", "RMChooseToAbort", "RMRcvCommitMsg", "RMRcvAbortMsg"],
    initStates: () => [0],
    actions(s, out) {
      const tmInit = !has(s, TM);
      // Next == TMCommit \/ TMAbort \/ \E rm \in RM : TMRcvPrepared(rm) \/ RMPrepare(rm) \/ ...
      if (tmInit && Math.floor(s / bit(TMP)) % bit(rm) === bit(rm) - 1) out.push(tmCommit);
      if (tmInit) out.push(tmAbort);
      for (let r = 0; r < rm; r++) {
        if (tmInit && has(s, MSG_P + r)) out.push(tmRcvPrepared[r]!);
        if (rmState(s, r) === WORKING) out.push(rmPrepare[r]!, rmChooseToAbort[r]!);
        if (has(s, MSG_COMMIT)) out.push(rmRcvCommitMsg[r]!);
        if (has(s, MSG_ABORT)) out.push(rmRcvAbortMsg[r]!);
      }
    },
    next(s, a) {
      const r = a.r;
      switch (a.name) {
        case "TMCommit":
          return s + bit(TM) + (has(s, MSG_COMMIT) ? 0 : bit(MSG_COMMIT));
        case "TMAbort":
          return s + bit(TM) + (has(s, MSG_ABORT) ? 0 : bit(MSG_ABORT));
        case "TMRcvPrepared":
          return has(s, TMP + r) ? s : s + bit(TMP + r);
        case "RMPrepare":
          return setRm(s, r, PREPARED) + (has(s, MSG_P + r) ? 0 : bit(MSG_P + r));
        case "RMChooseToAbort":
          return setRm(s, r, ABORTED);
        case "RMRcvCommitMsg":
          return setRm(s, r, COMMITTED);
        case "RMRcvAbortMsg":
          return setRm(s, r, ABORTED);
        default:
          throw new Error(`unknown action ${a.name}`);
      }
    },
    properties: [
      {
        name: "TCConsistent",
        kind: "always",
        description: "no resource manager has aborted while another has committed (TwoPhase.tla TCConsistent)",
        holds(s) {
          let aborted = false;
          let committed = false;
          for (let r = 0; r < rm; r++) {
            const v = rmState(s, r);
            aborted ||= v === ABORTED;
            committed ||= v === COMMITTED;
          }
          return !(aborted && committed);
        },
      },
    ],
    key: (s) => s, // the packed state (at most 31 bits) is its own exact key
    // --por: the TM is process 0, resource manager r is process r + 1. Only the TM's actions are
    // ever offered as an ample set: TCConsistent reads only the RMs' states, so TMCommit, TMAbort
    // and TMRcvPrepared never change its truth (C2), and once no RM is `working` no Prepared
    // message can arrive, so no TM action becomes enabled by an RM, and the RMs' remaining actions
    // (RMRcvCommitMsg, RMRcvAbortMsg) only read messages the TM sets once (C1). RM actions are
    // never ample: RMChooseToAbort / RMRcvCommitMsg / RMRcvAbortMsg can change TCConsistent's truth.
    partialOrder: {
      process: (_s, a) => a.r + 1, // TM actions have r = -1
      safe(s, p) {
        if (p !== 0) return false;
        for (let r = 0; r < rm; r++) if (rmState(s, r) === WORKING) return false;
        return true;
      },
      invisible: (_s, a) => a.r < 0 || a.name === "TMRcvPrepared",
    },
    // --symmetry: resource managers are interchangeable (TwoPhase.tla's RM is a symmetry set): the
    // representative sorts the per-RM tuples (rmState, tmPrepared[r], Prepared(r) sent).
    symmetry: {
      description: "resource managers are interchangeable",
      canonical(s) {
        const keys: number[] = [];
        for (let r = 0; r < rm; r++) keys.push(rmState(s, r) * 4 + (has(s, TMP + r) ? 2 : 0) + (has(s, MSG_P + r) ? 1 : 0));
        keys.sort((x, y) => x - y);
        let out = (has(s, TM) ? bit(TM) : 0) + (has(s, MSG_COMMIT) ? bit(MSG_COMMIT) : 0) + (has(s, MSG_ABORT) ? bit(MSG_ABORT) : 0);
        for (let r = 0; r < rm; r++) {
          const key = keys[r]!;
          out += Math.floor(key / 4) * bit(2 * r) + (key & 2 ? bit(TMP + r) : 0) + (key & 1 ? bit(MSG_P + r) : 0);
        }
        return out;
      },
    },
    view(s) {
      const msgs: string[] = [];
      for (let r = 0; r < rm; r++) if (has(s, MSG_P + r)) msgs.push(`Prepared(${r + 1})`);
      if (has(s, MSG_COMMIT)) msgs.push("Commit");
      if (has(s, MSG_ABORT)) msgs.push("Abort");
      return {
        rmState: Array.from({ length: rm }, (_, r) => RM_NAMES[rmState(s, r)]),
        tmState: has(s, TM) ? "done" : "init",
        tmPrepared: Array.from({ length: rm }, (_, r) => r + 1).filter((r) => has(s, TMP + r - 1)),
        msgs,
      };
    },
  };
}
