//! The catalogue of diagnostic codes: the single source of truth for every code nianbao emits
//! about its own inputs (rule files, documents, binding). Check findings use the check's id
//! from the rule file instead.

use serde::{Deserialize, Serialize};

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $description:literal; )*) => {
        /// A stable diagnostic code. Codes are public interface: never rename one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Code {
            $( $(#[$doc])* #[serde(rename = $code)] $variant, )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed, e.g. `bind::missing-row`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// What the code means and how to fix it, in Chinese.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $description,)* }
            }

            /// The code with the given text.
            pub fn from_name(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|code| code.as_str() == name)
            }
        }
    };
}

codes! {
    /// The rule file does not follow the grammar.
    SyntaxError = "syntax::unexpected-token",
        "规则文件在此处不符合语法：诊断会列出此处应当出现的内容（关键字、标点或带引号的文字）。常见原因是漏写引号、括号不成对或关键字拼错。";
    /// A number in a rule file is too large.
    SyntaxBadNumber = "syntax::bad-number",
        "规则文件中的数字无法读取（过大或格式不对）。请写普通的十进制数字，例如 0 或 12.5。";
    /// An expression is nested too deeply.
    SyntaxTooDeep = "syntax::too-deep",
        "规则文件中的表达式括号或函数调用嵌套太深、连续的 not 或负号太多，或一个表达式连写的运算太长。请拆成几个较短的 assert。";
    /// An id is declared twice.
    ResolveDuplicateId = "resolve::duplicate-id",
        "同一个 id 在同一范围内定义了两次：模板、表格、检查在文件内唯一，行 id 在表格内唯一，列 id 在表格的每个部分内唯一。请给其中一个改名。";
    /// A check names a table that does not exist.
    ResolveUnknownTable = "resolve::unknown-table",
        "检查中引用的表格 id 在模板中没有声明。诊断会给出最接近的已声明表格。";
    /// A check names a table of another template.
    ResolveForeignTable = "resolve::foreign-table",
        "检查引用了另一个模板的表格。每个检查只能使用它所在模板声明的表格；2019 年格式与 2021 年格式的表格不能混用。";
    /// A reference names a row the table does not have.
    ResolveUnknownRow = "resolve::unknown-row",
        "单元格引用中的行（id 或带引号的官方行名）在该表格中不存在。诊断会给出最接近的行。";
    /// A reference names a column the table does not have.
    ResolveUnknownColumn = "resolve::unknown-column",
        "单元格引用中的列（id 或带引号的官方列名）在该表格中不存在。诊断会给出最接近的列。";
    /// A reference names a section the template does not have.
    ResolveUnknownSection = "resolve::unknown-section",
        "引用的章节 id 在模板中没有声明。";
    /// An expression uses an undefined name.
    ResolveUnknownVariable = "resolve::unknown-variable",
        "表达式中使用的名字既不是 each 定义的变量，也不是可用的 id。";
    /// An expression calls a function that does not exist.
    ResolveUnknownFunction = "resolve::unknown-function",
        "表达式调用了不存在的函数。可用函数：sum、blank、filled、mark、valid、present、year、collapsed、has_unit。";
    /// A function is called with the wrong number of arguments.
    ResolveWrongArity = "resolve::wrong-arity",
        "函数的参数个数不对：blank、filled、mark、valid 各需要 1 个单元格；present 需要 1 个章节；sum 至少需要 1 个参数。";
    /// An expression has the wrong type where it is used.
    ResolveTypeMismatch = "resolve::type-mismatch",
        "表达式的类型与所在位置不符：assert 和 when 需要一个“成立/不成立”的条件，+ - * 和比较需要数值。";
    /// A set of cells is used where one cell is needed.
    ResolveSetAsCell = "resolve::set-as-cell",
        "一组行或列（行组、列组或 *）表示多个单元格，只能放在 sum(…) 中求和，不能直接参与比较或运算。";
    /// A message placeholder names nothing.
    ResolveUnknownPlaceholder = "resolve::unknown-placeholder",
        "message 中的 {名字} 占位符必须是本检查 each 定义的变量，或 actual、expected、diff 之一。";
    /// A domain such as rows(…) has the wrong arguments.
    ResolveBadDomain = "resolve::bad-domain",
        "each 中的范围写法不对：rows(表) / columns(表) / cells(表) / row_groups(表) / column_groups(表) 的第一个参数是表格 id，其后可跟组或部分的 id；sections() 不带参数。";
    /// `extends` names no known template.
    ResolveUnknownTemplate = "resolve::unknown-template",
        "`extends` 后面的模板 id 在本文件和内置规则中都找不到。内置模板有 gov-2021 和 gov-2019。";
    /// `remove check` or `severity` names no inherited check.
    ResolveUnknownCheck = "resolve::unknown-check",
        "`remove check` 或 `severity` 后面的检查 id 在被扩展的模板中不存在。用 `nianbao rules list` 查看已有的检查。";
    /// Templates extend each other in a circle.
    ResolveExtendsCycle = "resolve::extends-cycle",
        "几个模板互相 extends，形成了循环（例如 A extends B，B extends A），无法确定从哪里开始。";
    /// An inherited check no longer resolves after the changes of an extending template.
    ResolveInheritedCheck = "resolve::inherited-check",
        "扩展模板删除或改名了某个行、列或表格，而继承来的检查仍在使用它。请用 `remove check ID` 关掉这个检查，或写一个同 id 的检查替换它。";
    /// A table declares no rows or no columns.
    ResolveEmptyAxis = "resolve::empty-axis",
        "表格（或表格的一个部分）没有声明行或列，无法与报告中的表格对应。";
    /// A check has no assert.
    ResolveNoAssert = "resolve::no-assert",
        "检查至少需要一行 assert，说明什么条件必须成立。";
    /// A check's `each` gives too many combinations.
    ResolveTooManyInstances = "resolve::too-many-instances",
        "检查的 each 给出的组合太多（各变量范围大小的乘积超过 10 万），检查无法在合理时间内完成。请减少变量，或把范围缩小到表格的一部分。";
    /// A bug in nianbao.
    Internal = "internal",
        "nianbao 内部错误。请把输入文件和命令报告给开发者。";
    /// A document could not be opened.
    ReadIo = "read::io",
        "文件无法打开或读取：请检查路径是否正确、文件是否存在以及是否有读取权限。";
    /// A document is not valid UTF-8.
    ReadInvalidUtf8 = "read::invalid-utf8",
        "文件不是有效的 UTF-8 文本。诊断给出第一个无效字节的位置。请用文本编辑器将文件另存为 UTF-8 编码后重试。";
    /// A document uses an encoding not supported yet.
    ReadUnsupportedEncoding = "read::unsupported-encoding",
        "文件使用了暂不支持的编码（如 GBK/GB18030 或 UTF-16）。请将文件另存为 UTF-8 编码后重试。";
    /// A document is a binary format, not text.
    ReadNotText = "read::not-text",
        "文件不是文本，而是其他格式（如 .docx、PDF 或旧版 Word）。请先导出为纯文本，或等待对应格式的读取器。";
    /// A document of a known format is broken.
    ReadDamaged = "read::damaged",
        "文件的格式能识别，但内部结构已损坏（例如下载不完整的 .docx 压缩包、不完整的 XML）。请重新下载，或用原来的程序重新导出。";
    /// A PDF without a text layer.
    ReadNoTextLayer = "read::no-text-layer",
        "PDF 的页面只有图片、没有文字层（通常是扫描件），其中的表格必须先做文字识别（OCR）才能读取。请提供带文字的 PDF，或报告的 .docx、.html 文件。";
    /// A document of a recognised format that cannot be read.
    ReadUnsupportedFormat = "read::unsupported-format",
        "文件是能识别但不能读取的格式（例如 Excel 表格、OpenDocument 文档）。诊断会说明如何转换，例如 `soffice --headless --convert-to docx 文件`。";
    /// A document larger than the file size limit.
    LimitFileSize = "limit::file-size",
        "文件大于允许读取的上限（默认 64 MiB）。真实的年度报告通常只有几 MB，文件可能选错或已损坏。确需读取时用 --max-file-size 放宽。";
    /// A .docx whose content decompresses past the limit (a zip bomb).
    LimitUnzippedSize = "limit::unzipped-size",
        "Word 文档解压后的内容大于上限（默认 64 MiB），这是“压缩炸弹”的特征，文件不会被完整解压。确需读取时用 --max-unzipped-size 放宽。";
    /// A .docx package with more entries than the limit.
    LimitZipEntries = "limit::zip-entries",
        "Word 文档（zip 压缩包）里的文件个数超过上限（默认 10000 个），正常的 .docx 只有几十个。确需读取时用 --max-zip-entries 放宽。";
    /// HTML or .docx XML nested deeper than the limit.
    LimitDepth = "limit::depth",
        "HTML 网页或 .docx 中的元素嵌套层数超过上限（默认 256 层），正常的报告不超过几十层。过深的嵌套会让解析极慢，文件因此不被读取。确需读取时用 --max-depth 放宽。";
    /// A table longer or wider than the limit.
    LimitTableSize = "limit::table-size",
        "文件中某个表格的行数或一行的单元格数超过上限（默认 10000 行、1000 个）。年度报告的表格只有几十行、十几列。确需读取时用 --max-table-rows 或 --max-table-columns 放宽。";
    /// A document that took longer than the time budget.
    LimitTime = "limit::time",
        "读取和检查一个文件用时超过上限（默认 30 秒）后不再等待，该文件报错，其余文件照常检查。正常的报告在几十毫秒内完成。确需更长时间时用 --timeout 放宽，如 --timeout 2m。";
    /// A declared table was not found in the document.
    BindMissingTable = "bind::missing-table",
        "报告中找不到模板声明的表格（按表格的行名和列名查找）。可能表格被删除、以图片形式发布，或行列名称与模板相差太大。该表格的检查无法进行。";
    /// A declared row was not found in its table.
    BindMissingRow = "bind::missing-row",
        "报告的表格中缺少模板规定的一行。请按模板补上该行；涉及该行的检查无法进行。";
    /// A declared column was not found in its table.
    BindMissingColumn = "bind::missing-column",
        "报告的表格中缺少模板规定的一列。请按模板补上该列；涉及该列的检查无法进行。";
    /// A row label in the document matches no declared row.
    BindUnknownRow = "bind::unknown-row",
        "报告表格中有一行的名称与模板中的任何行都对不上，这一行的数字没有参与检查。诊断会给出最接近的模板行名。";
    /// A row label differs from the official wording but is recognisably that row.
    BindRenamedRow = "bind::renamed-row",
        "报告中的行名与官方格式的写法不同（例如错别字、漏字），但能认出是哪一行。这一行照常参与检查；请把行名改为官方写法。诊断会给出官方名称。";
    /// A column header differs from the official wording but is recognisably that column.
    BindRenamedColumn = "bind::renamed-column",
        "报告中的列名与官方格式的写法不同（例如错别字、漏字），但能认出是哪一列。这一列照常参与检查；请把列名改为官方写法。诊断会给出官方名称。";
    /// A header in the document matches no declared column.
    BindExtraColumn = "bind::extra-column",
        "报告表格中有一列在模板中没有规定，这一列的数字没有参与检查。";
    /// Cell boundaries in run-together text were inferred from the template's checks.
    BindInferredBoundaries = "bind::inferred-boundaries",
        "报告的表格在文本中没有分隔（例如网页被转成纯文本，数字连在一起），程序按模板的勾稽关系选出唯一成立的读法。用来推断的检查对这些行不构成独立验证，请核对原表。";
    /// A run-together row could not be split unambiguously.
    BindAmbiguousRow = "bind::ambiguous-row",
        "一行的数字连在一起，按模板的勾稽关系仍有多种读法（或一种都不成立），程序不猜测，这一行不参与检查。诊断会列出可能的读法。";
    /// A row has fewer value cells than the table has columns.
    BindMissingValue = "bind::missing-value",
        "报告表格中的一行数字个数少于列数，无法确定每个数字属于哪一列，这一行没有参与检查。";
    /// A row has more value cells than the table has columns.
    BindExtraValue = "bind::extra-value",
        "报告表格中的一行数字个数多于列数，多出的单元格没有参与检查。";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code is unique and round-trips through its text.
    #[test]
    fn codes_are_unique() {
        for (at, code) in Code::ALL.iter().enumerate() {
            assert_eq!(Code::from_name(code.as_str()), Some(*code));
            assert!(
                Code::ALL
                    .iter()
                    .skip(at + 1)
                    .all(|other| other.as_str() != code.as_str())
            );
        }
    }
}
