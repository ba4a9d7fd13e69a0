#ifndef INSPECTD_BUILD_INFO_H
#define INSPECTD_BUILD_INFO_H
/// The git commit this build was made from: scripts/package passes it as
/// -Xcc -DINSPECTD_COMMIT='"<sha>"'; a development build says "development build".
const char *inspectd_build_commit(void);
#endif
