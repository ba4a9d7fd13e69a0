#ifndef INSPECTD_BUILD_INFO_H
#define INSPECTD_BUILD_INFO_H
/// The version of this build: the package version scripts/package was given (it writes it to
/// inspectd_build_stamp.h, see build_info.c); otherwise the version of the source (build_info.c).
const char *inspectd_build_version(void);
/// The git commit this build was made from (scripts/package's stamp, like the version); a
/// development build says "development build".
const char *inspectd_build_commit(void);
#endif
