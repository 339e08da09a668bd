/** The KVM SPE buffer-pinning properties (kernel-semantics.md §7). */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kvm-spe/config.ts";
import type { SpeState } from "../../models/kvm-spe/state.ts";
import { P_BLACKOUT } from "./p-blackout.ts";
import { P_FRESH } from "./p-fresh.ts";
import { P_NO_STALE_PIN } from "./p-no-stale-pin.ts";
import { P_OWNED_PAGE } from "./p-owned-page.ts";
import { P_RELEASE } from "./p-release.ts";

export { blackoutViolation } from "./p-blackout.ts";
export { freshViolation } from "./p-fresh.ts";
export { noStalePinViolation } from "./p-no-stale-pin.ts";
export { ownedPageViolation } from "./p-owned-page.ts";
export { releaseViolation } from "./p-release.ts";

export const KVM_SPE_PROPERTY_NAMES = ["P-Blackout", "P-Fresh", "P-NoStalePin", "P-OwnedPage", "P-Release"] as const;

export function kvmSpeProperties(cfg: Config): Property<SpeState>[] {
  return [P_BLACKOUT, P_FRESH, P_NO_STALE_PIN, P_OWNED_PAGE, P_RELEASE(cfg)];
}
