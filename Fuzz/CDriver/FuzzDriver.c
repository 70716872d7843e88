// Nothing to compile: the declaration in include/FuzzDriver.h is resolved by libFuzzer at link time.
#include "FuzzDriver.h"
