// Thin entry point: all behaviour lives in the grade_core library (cli/app.h).
#include "cli/app.h"

int main(int argc, char** argv) { return grade::cli::main(argc, argv); }
