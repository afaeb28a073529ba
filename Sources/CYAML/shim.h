// libyaml, the C library PyYAML itself parses with (Debian: libyaml-dev).
#include <yaml.h>
