// SPDX-License-Identifier: GPL-3.0-or-later
// Counts heap allocations (malloc, calloc, realloc; operator new and Qt containers end up there),
// to check that media stages do not allocate per frame in steady state. Interposes glibc's malloc
// family in the test executable: include it in exactly one file of a test. Elsewhere (other C
// libraries, sanitizer builds) counting is unavailable and tests should QSKIP.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>

namespace audin::test {

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define AUDIN_TEST_COUNTS_ALLOCATIONS 1
inline std::atomic<long> g_allocations {0};
#endif

inline bool canCountAllocations()
{
#ifdef AUDIN_TEST_COUNTS_ALLOCATIONS
    return true;
#else
    return false;
#endif
}

inline long allocationCount()
{
#ifdef AUDIN_TEST_COUNTS_ALLOCATIONS
    return g_allocations.load(std::memory_order_relaxed);
#else
    return 0;
#endif
}

} // namespace audin::test

#ifdef AUDIN_TEST_COUNTS_ALLOCATIONS
extern "C" {
void *__libc_malloc(std::size_t size) noexcept;
void *__libc_calloc(std::size_t count, std::size_t size) noexcept;
void *__libc_realloc(void *p, std::size_t size) noexcept;
void __libc_free(void *p) noexcept;

void *malloc(std::size_t size) noexcept
{
    audin::test::g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(size);
}

void *calloc(std::size_t count, std::size_t size) noexcept
{
    audin::test::g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_calloc(count, size);
}

void *realloc(void *p, std::size_t size) noexcept
{
    audin::test::g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_realloc(p, size);
}

void free(void *p) noexcept
{
    __libc_free(p);
}
}
#endif
