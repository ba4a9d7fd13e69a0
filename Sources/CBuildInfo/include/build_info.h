#ifndef INSPECTD_BUILD_INFO_H
#define INSPECTD_BUILD_INFO_H
/// The version of this build: scripts/package passes its package version as
/// -Xcc -DINSPECTD_VERSION='"0.1.1"'; otherwise the version of the source (build_info.c).
const char *inspectd_build_version(void);
/// The git commit this build was made from: scripts/package passes it as
/// -Xcc -DINSPECTD_COMMIT='"<sha>"'; a development build says "development build".
const char *inspectd_build_commit(void);
#endif
