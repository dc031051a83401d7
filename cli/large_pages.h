// cli/large_pages.h — 2 MiB pages for the allocator, set up before main's
// real work.
//
// Evaluating a Tiltfile allocates many small objects that live until the
// evaluation ends; with 4 KiB pages, page faults were a third of its time.
// mimalloc (linked into the pitch binary) maps its segments with
// transparent huge pages when MIMALLOC_LARGE_OS_PAGES is set, but reads
// that only as the process starts, before main, and its first segment is
// already mapped by then. So pitch sets it and re-executes itself once
// (about a millisecond), then removes it again so that the commands pitch
// runs never inherit it. A value the user set is left alone (0 turns this
// off, e.g. under valgrind, which does not follow the exec).
#pragma once

namespace pitch::cli {

// Returns only in the process that should do the work.
void use_large_pages(char** argv);

}  // namespace pitch::cli
