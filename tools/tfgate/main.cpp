// tfgate entry point: everything happens in tfgate::run so that tests can call it in-process.
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) { return tfgate::run(argc, argv, std::cout, std::cerr); }
