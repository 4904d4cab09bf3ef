// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace audin::test {

/**
 * How much slower and larger instrumented code is: ASan and UBSan cost two to three times the CPU
 * and keep freed memory in quarantine; Tests that assert bounds on
 * CPU time or memory multiply them by this, so a bound stays meaningful in the release build and
 * does not fail merely because the sanitizer build (AUDIN_SANITIZE, the asan preset) runs.
 */
#ifdef AUDIN_SANITIZED_BUILD
constexpr int SanitizerCostFactor = 4;
#else
constexpr int SanitizerCostFactor = 1;
#endif

} // namespace audin::test
