// libFuzzer's driver, called from the fuzz executable's own entry point (SwiftPM names an executable's entry
// `<Module>_main`, so libFuzzer's `main` cannot be the one that runs).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
