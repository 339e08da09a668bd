/**
 * The full verdict matrix (full-matrix.ts) reviewed per row — a patch on one column (AUX PMU × platform): every
 * property violated in some scenario of the row, with the mechanism (mechanisms.ts) of its shortest
 * violation over the row's scenarios (the scenario and depth are in full-matrix.json and reports/patch-matrix.md).
 * test/full-matrix.test.ts checks that each row's recorded union is exactly this set: a property that appears or
 * disappears anywhere in a row fails until its mechanism is named here.
 *
 * Read with the report: properties every row shares come from the per-task SET_OUTPUT scenarios (R2: ORPHAN;
 * munmap-warn, rb-free-aux-atomic: X14_OUTPUT_STOP — mainline bugs, errata X13/X14) and from the frequency-mode
 * leader (R3, R6: FREQ_LEADER — counters only, audit D1/D2); R7 on arm_spe restates the AUX properties there.
 */

// prettier-ignore
export const ROW_EXPECTATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "none/cs_etm-nmi": { R1: "RESTART", R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "RESTART", R5: "E2", R6: "FREQ_LEADER", "R6-aux": "RESTART", "stuck-stopped": "START_FAIL", "etm-tracking-stop": "RESTART", "etm-tracking-start": "RESTART", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "revert-9734e25fbf5a/cs_etm-nmi": { R2: "ORPHAN", R3: "REVERT", "R3-aux": "REVERT", R5: "E2", R6: "REVERT", "R6-aux": "REVERT", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "leo-yan-v1/cs_etm-nmi": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "F4_SETOUTPUT", R4: "F2", R5: "E2", R6: "FREQ_LEADER", "R6-aux": "F4_SETOUTPUT", "stuck-stopped": "IOC_STUCK", "user-pause-dropped": "USER_GUARD_DROP", "throttle-guard-drop": "F3_B", "throttle-no-rb": "F4_SETOUTPUT", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-a/cs_etm-nmi": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "F4_SETOUTPUT", R5: "E2", R6: "FREQ_LEADER", "R6-aux": "F4_SETOUTPUT", "stuck-stopped": "IOC_STUCK", "throttle-no-rb": "F4_SETOUTPUT", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-b1/cs_etm-nmi": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "RESTART", R5: "E2", R6: "FREQ_LEADER", "R6-aux": "RESTART", "stuck-stopped": "START_FAIL", "etm-tracking-stop": "RESTART", "etm-tracking-start": "RESTART", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-b2/cs_etm-nmi": { R1: "B2_MIGRATE", R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "RESTART", R5: "E2", R6: "FREQ_LEADER", "R6-aux": "RESTART", "stuck-stopped": "START_FAIL", "etm-tracking-stop": "RESTART", "etm-tracking-start": "RESTART", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-c/cs_etm-nmi": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "C_TRADE", R5: "E2", R6: "FREQ_LEADER", "R6-aux": "C_TRADE", "stuck-stopped": "IOC_STUCK", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "none/cs_etm-irq": { R1: "RESTART", R2: "ORPHAN", R3: "FREQ_LEADER", R6: "FREQ_LEADER", "stuck-stopped": "START_FAIL", "etm-tracking-stop": "RESTART", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "revert-9734e25fbf5a/cs_etm-irq": { R2: "ORPHAN", R3: "REVERT", "R3-aux": "REVERT", R6: "REVERT", "R6-aux": "REVERT", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "leo-yan-v1/cs_etm-irq": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "F4_SETOUTPUT", R4: "F2", R5: "F1", R6: "FREQ_LEADER", "R6-aux": "F4_SETOUTPUT", "throttle-no-rb": "F4_SETOUTPUT", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-a/cs_etm-irq": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "F4_SETOUTPUT", R5: "FIXA_IOC_L", R6: "FREQ_LEADER", "R6-aux": "F4_SETOUTPUT", "throttle-no-rb": "F4_SETOUTPUT", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-b1/cs_etm-irq": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "RESTART", R6: "FREQ_LEADER", "R6-aux": "RESTART", "stuck-stopped": "START_FAIL", "etm-tracking-stop": "RESTART", "etm-tracking-start": "RESTART", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-b2/cs_etm-irq": { R1: "B2_MIGRATE", R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "RESTART", R6: "FREQ_LEADER", "R6-aux": "RESTART", "stuck-stopped": "START_FAIL", "etm-tracking-stop": "RESTART", "etm-tracking-start": "RESTART", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-c/cs_etm-irq": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "C_TRADE", R6: "FREQ_LEADER", "R6-aux": "C_TRADE", "etm-misc-warn": "D64", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "none/arm_spe-nmi": { R1: "SEED", R2: "ORPHAN", R3: "FREQ_LEADER", R6: "FREQ_LEADER", R7: "R7", "stuck-stopped": "START_FAIL", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "revert-9734e25fbf5a/arm_spe-nmi": { R2: "ORPHAN", R3: "REVERT", "R3-aux": "REVERT", R6: "REVERT", "R6-aux": "REVERT", R7: "REVERT", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "leo-yan-v1/arm_spe-nmi": { R1: "F5", R2: "ORPHAN", R3: "FREQ_LEADER", R6: "FREQ_LEADER", R7: "R7", "stuck-stopped": "START_FAIL", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-a/arm_spe-nmi": { R1: "F5", R2: "ORPHAN", R3: "FREQ_LEADER", R6: "FREQ_LEADER", R7: "R7", "stuck-stopped": "START_FAIL", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-b1/arm_spe-nmi": { R1: "B1_PMBIRQ_RACE", R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "UNTHROTTLE_WINDOW", R6: "FREQ_LEADER", "R6-aux": "UNTHROTTLE_WINDOW", R7: "R7", "stuck-stopped": "START_FAIL", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "B1_FAIL_BEGIN", "aux-double-end": "B1_DOUBLE_END" },
  "fix-b2/arm_spe-nmi": { R1: "B2_MIGRATE", R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "UNTHROTTLE_WINDOW", R6: "FREQ_LEADER", "R6-aux": "UNTHROTTLE_WINDOW", R7: "R7", "stuck-stopped": "IOC_STUCK", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-c/arm_spe-nmi": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "C_TRADE", R6: "FREQ_LEADER", "R6-aux": "C_TRADE", R7: "R7", "stuck-stopped": "IOC_STUCK", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "none/arm_spe-irq": { R1: "SEED", R2: "ORPHAN", R3: "FREQ_LEADER", R6: "FREQ_LEADER", R7: "R7", "stuck-stopped": "START_FAIL", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "revert-9734e25fbf5a/arm_spe-irq": { R2: "ORPHAN", R3: "REVERT", "R3-aux": "REVERT", R6: "REVERT", "R6-aux": "REVERT", R7: "REVERT", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "leo-yan-v1/arm_spe-irq": { R1: "F5", R2: "ORPHAN", R3: "FREQ_LEADER", R6: "FREQ_LEADER", R7: "R7", "stuck-stopped": "START_FAIL", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-a/arm_spe-irq": { R1: "F5", R2: "ORPHAN", R3: "FREQ_LEADER", R6: "FREQ_LEADER", R7: "R7", "stuck-stopped": "START_FAIL", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-b1/arm_spe-irq": { R2: "ORPHAN", R3: "FREQ_LEADER", R6: "FREQ_LEADER", R7: "R7", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-b2/arm_spe-irq": { R1: "B2_MIGRATE", R2: "ORPHAN", R3: "FREQ_LEADER", R6: "FREQ_LEADER", R7: "R7", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-c/arm_spe-irq": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "C_TRADE", R6: "FREQ_LEADER", "R6-aux": "C_TRADE", R7: "R7", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "none/intel_pt-x86": { R1: "RESTART", R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "RESTART", R5: "IOC_L_STUCK", R6: "FREQ_LEADER", "R6-aux": "RESTART", "stuck-stopped": "START_FAIL", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "revert-9734e25fbf5a/intel_pt-x86": { R2: "ORPHAN", R3: "REVERT", "R3-aux": "REVERT", R6: "REVERT", "R6-aux": "REVERT", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "leo-yan-v1/intel_pt-x86": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "F4_SETOUTPUT", R4: "F2", R5: "F1", R6: "FREQ_LEADER", "R6-aux": "F4_SETOUTPUT", "stuck-stopped": "IOC_STUCK", "throttle-guard-drop": "F3_B", "throttle-no-rb": "F4_SETOUTPUT", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-a/intel_pt-x86": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "F4_SETOUTPUT", R5: "IOC_L_STUCK", R6: "FREQ_LEADER", "R6-aux": "F4_SETOUTPUT", "stuck-stopped": "IOC_STUCK", "throttle-no-rb": "F4_SETOUTPUT", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-b1/intel_pt-x86": { R1: "START_WINDOW_B", R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "RESTART", R6: "FREQ_LEADER", "R6-aux": "RESTART", "stuck-stopped": "START_FAIL", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-b2/intel_pt-x86": { R1: "B2_MIGRATE", R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "RESTART", R5: "IOC_L_STUCK", R6: "FREQ_LEADER", "R6-aux": "RESTART", "stuck-stopped": "IOC_STUCK", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
  "fix-c/intel_pt-x86": { R2: "ORPHAN", R3: "FREQ_LEADER", "R3-aux": "C_TRADE", R6: "FREQ_LEADER", "R6-aux": "C_TRADE", "stuck-stopped": "IOC_STUCK", "munmap-warn": "X14_OUTPUT_STOP", "rb-free-aux-atomic": "X14_OUTPUT_STOP" },
};
