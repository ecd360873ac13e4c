/* bylawd_main.c - bylawd's main(), compiled as bylawd_main() so that
 * fuzz_http can run the real daemon, every source of it, in a thread. */
#define main bylawd_main
#include "../../engine/daemon/main.c"
