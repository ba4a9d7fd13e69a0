// libxlsxwriter (Debian's libxlsxwriter-dev): `inspectctl report --xlsx` writes the manager's
// report as an Excel workbook (issue 14).
#include <xlsxwriter.h>
