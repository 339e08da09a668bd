/* Counters n=4, max=49: each step increments one counter below 49 or resets one at 49 to 0.
   The same model as models/classic/counters.ts; SPIN reports 6,250,000 states and
   25,000,001 transitions (checker-anchors.md). */
byte c[4];
active proctype counters() {
  do
  :: atomic { c[0] < 49 -> c[0]++ } :: atomic { c[0] == 49 -> c[0] = 0 }
  :: atomic { c[1] < 49 -> c[1]++ } :: atomic { c[1] == 49 -> c[1] = 0 }
  :: atomic { c[2] < 49 -> c[2]++ } :: atomic { c[2] == 49 -> c[2] = 0 }
  :: atomic { c[3] < 49 -> c[3]++ } :: atomic { c[3] == 49 -> c[3] = 0 }
  od
}
