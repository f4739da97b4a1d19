//! The catalogue of diagnostic codes: the single source of truth for every code nianbao emits
//! about its own inputs (rule files, documents, binding), with the severity it is emitted at,
//! a one-line summary and the text `nianbao explain` shows. Check findings use the check's id
//! from the rule file instead.

use serde::{Deserialize, Serialize};

use crate::Severity;

macro_rules! codes {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $code:literal, $severity:ident, $summary:literal, $explain:literal;
    )*) => {
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

            /// The severity nianbao emits the code at. Binding findings take it from here, so
            /// the catalogue and the output cannot disagree.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// What the code means, in one short Chinese line without a final period.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }

            /// What the code means and how to fix it, in Chinese, as `nianbao explain` shows.
            pub fn explain(self) -> &'static str {
                match self { $(Code::$variant => $explain,)* }
            }
        }
    };
}

impl Code {
    /// The code with the given text.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.as_str() == name)
    }

    /// The codes under a prefix, in catalogue order: `bind` and `bind::` give every
    /// `bind::…` code, and a full code gives itself. A prefix must end at a `::`, so `bin`
    /// gives nothing.
    pub fn under(prefix: &str) -> impl Iterator<Item = Code> + '_ {
        let prefix = prefix.strip_suffix("::").unwrap_or(prefix);
        Code::ALL.iter().copied().filter(move |code| {
            code.as_str()
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
        })
    }

    /// The namespace of the code: `bind` for `bind::missing-row`, the code itself when it has
    /// none (`internal`).
    pub fn namespace(self) -> &'static str {
        let code = self.as_str();
        code.split_once("::")
            .map_or(code, |(namespace, _)| namespace)
    }
}

codes! {
    /// The rule file does not follow the grammar.
    SyntaxError = "syntax::unexpected-token", Error,
        "规则文件不符合语法",
        "规则文件在此处不符合语法：诊断会列出此处应当出现的内容（关键字、标点或带引号的文字）。常见原因是漏写引号、括号不成对或关键字拼错。";
    /// A number in a rule file is too large.
    SyntaxBadNumber = "syntax::bad-number", Error,
        "规则文件中的数字无法读取",
        "规则文件中的数字无法读取（过大或格式不对）。请写普通的十进制数字，例如 0 或 12.5。";
    /// An expression is nested too deeply.
    SyntaxTooDeep = "syntax::too-deep", Error,
        "表达式嵌套或连写太深",
        "规则文件中的表达式括号或函数调用嵌套太深、连续的 not 或负号太多，或一个表达式连写的运算太长。请拆成几个较短的 assert。";
    /// A string whose closing quote is missing on its line.
    SyntaxUnclosedString = "syntax::unclosed-string", Error,
        "引号没有闭合",
        "带引号的文字在它所在的行内没有结束：漏写了右引号，或左右引号不是同一种（半角 \" 开始的文字要用半角 \" 结束，中文引号“开始的要用”结束）。文字不能跨行，需要换行请写 \\n。诊断指在这一行的末尾。";
    /// A character an input method typed that the rules language does not use.
    SyntaxFullWidth = "syntax::full-width", Error,
        "规则文件中有输入法打出的全角符号",
        "引号之外出现了中文输入法打出的全角符号或中文标点，例如全角冒号“：”、分号“；”、句号“。”或全角字母、数字。全角的逗号、括号、方括号、花括号、等号、加减号和中文引号可以直接使用（`nianbao rules fmt` 会改成半角）；诊断说明其余的应改成什么。";
    /// A misspelt keyword.
    SyntaxUnknownKeyword = "syntax::unknown-keyword", Error,
        "关键字拼写错误",
        "此处应为关键字（如 `assert`、`check`、`example`、`error`），写的词与某个关键字很接近，多半是拼错了。诊断会给出最接近的关键字。检查级别也可以写中文：错误、警告、提示。";
    /// An id is declared twice.
    ResolveDuplicateId = "resolve::duplicate-id", Error,
        "同一范围内的 id 重复定义",
        "同一个 id 在同一范围内定义了两次：模板 id 在文件内唯一；章节、表格、检查 id 在模板内唯一；部分和行 id 在表格内唯一；列 id 在表格的每个部分内唯一；each 的变量名在检查内唯一。请给其中一个改名。";
    /// A check names a table that does not exist.
    ResolveUnknownTable = "resolve::unknown-table", Error,
        "引用的表格不存在",
        "检查、`remove table` 或 `patch table` 中的表格 id 在模板（包括被扩展的模板）中没有声明。诊断会给出最接近的已声明表格。";
    /// A check names a table of another template.
    ResolveForeignTable = "resolve::foreign-table", Error,
        "检查使用了另一个模板的表格",
        "检查引用了另一个模板的表格。每个检查只能使用它所在模板声明的表格；2019 年格式与 2021 年格式的表格不能混用。";
    /// A reference names a row the table does not have.
    ResolveUnknownRow = "resolve::unknown-row", Error,
        "表格中没有引用的行",
        "单元格引用、each 的范围或 `patch table` 中的行（id 或带引号的官方行名）在该表格中不存在。诊断会给出最接近的行。";
    /// A reference names a column the table does not have.
    ResolveUnknownColumn = "resolve::unknown-column", Error,
        "表格中没有引用的列",
        "单元格引用、each 的范围或 `patch table` 中的列（id 或带引号的官方列名）在该表格中不存在。诊断会给出最接近的列。";
    /// A reference names a section the template does not have.
    ResolveUnknownSection = "resolve::unknown-section", Error,
        "模板中没有引用的章节",
        "present(…) 或检查例子中 absent 后面的章节 id 在模板中没有声明。诊断会给出最接近的章节。";
    /// A `say` phrase of a fact cannot be read.
    ResolveBadPhrase = "resolve::bad-phrase", Error,
        "说法（say）写得不对",
        "fact 的 say 后面的说法按正文的语序书写：`{数}` 表示数字，`…` 表示同一分句内的任意文字，`……` 表示同一句内的任意文字，`{收到|受理}` 表示几个词之一。每个说法恰有一个 `{数}`；表示固定数值的说法（如“未收到申请”）不写 `{数}`，而在后面写 `means 0`。";
    /// `said(…)` or `mentions(…)` names a fact the template does not declare.
    ResolveUnknownFact = "resolve::unknown-fact", Error,
        "引用了模板中没有的说法（fact）",
        "each 中的 said(…) 或表达式中的 mentions(…) 要写本模板用 fact 声明过的 id。诊断会给出最接近的 id。";
    /// An expression uses an undefined name.
    ResolveUnknownVariable = "resolve::unknown-variable", Error,
        "表达式使用了未定义的名字",
        "表达式中使用的名字既不是本检查 each 定义的变量，也不是模板中的章节 id。诊断会给出最接近的名字。";
    /// An expression calls a function that does not exist.
    ResolveUnknownFunction = "resolve::unknown-function", Error,
        "调用了不存在的函数",
        "表达式调用了不存在的函数。可用函数：sum、blank、filled、mark、valid、present、year、collapsed、has_unit、mentions、first、percent、published、text_length。";
    /// A function is called with the wrong number of arguments.
    ResolveWrongArity = "resolve::wrong-arity", Error,
        "函数的参数个数不对",
        "函数的参数个数不对：blank、filled、mark、valid、collapsed、has_unit 各需要 1 个单元格；present 需要 1 个章节；year 不带参数；sum 至少需要 1 个参数。";
    /// An expression has the wrong type where it is used.
    ResolveTypeMismatch = "resolve::type-mismatch", Error,
        "表达式的类型与所在位置不符",
        "表达式的类型与所在位置不符：assert 和 when 需要一个“成立/不成立”的条件，+ - * 和比较需要数值，blank、filled 等函数需要一个单元格，present 需要一个章节；行变量和列变量只能写在单元格引用中。";
    /// A set of cells is used where one cell is needed.
    ResolveSetAsCell = "resolve::set-as-cell", Error,
        "一组单元格被当作单个单元格使用",
        "一组行或列（行组、列组或 *）表示多个单元格，只能放在 sum(…) 中求和，不能直接参与比较或运算。";
    /// A message placeholder names nothing.
    ResolveUnknownPlaceholder = "resolve::unknown-placeholder", Error,
        "message 中的占位符没有对应的变量",
        "message 中的 {名字} 占位符必须是本检查 each 定义的变量，或 actual、expected、diff 之一。";
    /// A domain such as rows(…) has the wrong arguments.
    ResolveBadDomain = "resolve::bad-domain", Error,
        "each 的范围写法不对",
        "each 中的范围写法不对：rows(表) / columns(表) / cells(表) / row_groups(表) / column_groups(表) 的第一个参数是表格 id，其后可跟部分、行组或列组的 id；sections() 不带参数；范围中至少要有一项。";
    /// `extends` names no known template.
    ResolveUnknownTemplate = "resolve::unknown-template", Error,
        "要扩展的模板不存在",
        "`extends` 后面的模板 id 在本文件和内置规则中都找不到。内置模板有 gov-2021 和 gov-2019。";
    /// `remove check` or `severity` names no inherited check.
    ResolveUnknownCheck = "resolve::unknown-check", Error,
        "被扩展的模板中没有这个检查",
        "`remove check` 或 `severity` 后面的检查 id 在被扩展的模板中不存在。用 `nianbao rules list` 查看已有的检查。";
    /// Templates extend each other in a circle.
    ResolveExtendsCycle = "resolve::extends-cycle", Error,
        "模板的 extends 形成了循环",
        "几个模板互相 extends，形成了循环（例如 A extends B，B extends A），无法确定从哪里开始。";
    /// A chain of `extends` deeper than the limit.
    ResolveExtendsTooDeep = "resolve::extends-too-deep", Error,
        "模板的 extends 链太长",
        "模板一层层 extends 另一个模板，超过了上限（32 层）。真实的格式家族（国家格式、地方格式、新版格式）只需几层；这样长的链通常是生成或复制出错，逐层展开也会耗费大量时间和内存。";
    /// An inherited check no longer resolves after the changes of an extending template.
    ResolveInheritedCheck = "resolve::inherited-check", Error,
        "继承的检查在修改后无法使用",
        "扩展模板删除或改名了某个行、列或表格，而继承来的检查仍在使用它。请用 `remove check ID` 关掉这个检查，或写一个同 id 的检查替换它。";
    /// A table declares no rows or no columns.
    ResolveEmptyAxis = "resolve::empty-axis", Error,
        "表格没有声明行或列",
        "表格（或表格的一个部分）没有声明行或列，无法与报告中的表格对应。";
    /// A check has no assert.
    ResolveNoAssert = "resolve::no-assert", Error,
        "检查没有 assert",
        "检查至少需要一行 assert，说明什么条件必须成立。";
    /// A check's `each` gives too many combinations.
    ResolveTooManyInstances = "resolve::too-many-instances", Error,
        "检查的 each 组合太多",
        "检查的 each 给出的组合太多（各变量范围大小的乘积超过 10 万），检查无法在合理时间内完成。请减少变量，或把范围缩小到表格的一部分。";
    /// A declared label one or two characters away from a built-in label of the same table.
    LintLabelTypo = "lint::label-typo", Warning,
        "声明的名称与内置模板只差一两个字",
        "模板扩展（或重新定义）内置模板时，声明的行名或列名与内置模板同一表格中的某个名称只差一两个字，很可能是笔误。规则文件仍然有效，但按官方格式正确书写的报告会被当作与模板不符，诊断却指向报告。是笔误的请改正；本地格式确实这样写的，请用 or 同时列出内置写法，两种写法都认，这条提示也就不再出现。";
    /// A label that begins with another label of the same table.
    LintLabelPrefix = "lint::label-prefix", Warning,
        "名称以同一表格中另一个名称开头",
        "同一表格中一个行名（或列名）以另一个开头，例如在表三增加“（三）不予公开小计”，而“（三）不予公开”是一个组。报告中的名称按开头相符来识别（容许多字、少字），程序取最长的相符名称，所以正好写成其中一个的都能认出；但写法稍有出入、以较短名称开头的会被认作较短的那一个。如有可能，换一种不以另一个名称开头的写法。";
    /// A subtotal inside a group that a check adds up.
    LintSubtotalInGroup = "lint::subtotal-in-group", Warning,
        "小计放在被 sum 相加的组内，会重复计算",
        "名称含有小计字样（模板的 subtotal 声明的词，如“小计”“合计”）的一行（或一列）放在一个组内，而某个检查用 sum(…) 把这个组的各行相加：小计和它所加的各项都被计入，结果是两倍，正确的报告也会报错。请把这一行移到组外（add row … in 上一级组 after 组），或在检查中逐项相加。";
    /// A bug in nianbao.
    Internal = "internal", Error,
        "nianbao 内部错误",
        "nianbao 自身（或它使用的文件解析库）出错，不是输入文件的问题；批量检查时其余文件照常检查。请把输入文件和所用的命令报告给开发者。";
    /// A file that is no annual report of any template.
    ReadNotAReport = "read::not-a-report", Error,
        "文件不像是年度报告，未检查",
        "文件中没有任何模板的标题字样（如“政府信息公开工作年度报告”）、章节标题或特征词：空文件、说明文档、通知等。它不当作有错误的报告计数，而是和读不了的文件一样，退出码为 4。请确认选对了文件。";
    /// A report whose format matches no template's signature.
    TemplateUnknownFormat = "template::unknown-format", Error,
        "报告格式无法确定，未检查",
        "报告像是年度报告（有标题字样或章节标题），但规则文件中任何模板的特征词（signature）都没有找到。nianbao 不按最接近的模板硬套检查，以免给正确的报告报错。如果是新格式的报告，请加用对应的规则文件（--rules，或放入 nianbao-rules 文件夹）；如果确知格式，可用 --template 指定。退出码为 4。";
    /// Not one table of the chosen template was found.
    BindNoTables = "bind::no-tables", Error,
        "没有找到任何一张表格，未检查",
        "文件像是年度报告，但模板的表格（表二、表三、表四）一张也没有找到：表格可能以图片形式发布，也可能文件只是提到这些字样（如说明文档）。从 PDF 提取出的文字（有分页符，如 pdftotext 的输出）也是这样：表格线在提取时已经丢掉，诊断会建议直接检查 PDF 文件本身。这样的文件不当作有错误的报告计数，而是和读不了的文件一样，退出码为 4。可以用 nianbao extract 查看读到了什么。";
    /// A document could not be opened.
    ReadIo = "read::io", Error,
        "文件无法打开或读取",
        "文件无法打开或读取：请检查路径是否正确、文件是否存在以及是否有读取权限。";
    /// A text document in no encoding nianbao can decode.
    ReadInvalidUtf8 = "read::invalid-utf8", Error,
        "文本文件的编码无法识别",
        "文件既不是有效的 UTF-8 文本，也不能按 UTF-16、GBK/GB18030 或 Big5 读取（文件可能已损坏，或混用了多种编码）。诊断给出第一个不符合 UTF-8 的字节的位置。请用文本编辑器将文件另存为 UTF-8 编码后重试。";
    /// Bytes that are not UTF-8 in an otherwise UTF-8 text, replaced so that the rest is read.
    ReadReplacedBytes = "read::replaced-bytes", Warning,
        "文件中有不符合 UTF-8 编码的字节，已替换",
        "文件是 UTF-8 编码的文本，但其中有少数字节不符合 UTF-8 编码（通常是文件在传输或拼接时损坏了一小部分）。这些字节已替换为 “�”，文件的其余部分照常读取和检查；诊断给出每一处的位置（最多列出前 5 处）。如果某处正好在数字或表格标签上，相关的检查可能不准确，请核对原文件。";
    /// A text document in an encoding nianbao recognises but does not decode (UTF-32).
    ReadUnsupportedEncoding = "read::unsupported-encoding", Error,
        "不支持的文本编码（UTF-32）",
        "文件是 UTF-32 编码的文本，nianbao 不读取这种编码。支持的编码有 UTF-8、UTF-16、GBK/GB18030 和 Big5。请将文件另存为 UTF-8 编码后重试。";
    /// A document that is binary data of no format nianbao recognises.
    ReadNotText = "read::not-text", Error,
        "文件不是文本，也不是能识别的文档格式",
        "文件中含有 NUL 字节，不是文本，也不是 nianbao 能识别的文档格式（.docx、PDF、.doc/.wps 按内容识别，与扩展名无关）。可能选错了文件（例如图片或程序）。请确认文件，或将报告另存为 .docx 或 UTF-8 编码的纯文本后重试。";
    /// A document of a known format is broken.
    ReadDamaged = "read::damaged", Error,
        "文件已损坏",
        "文件的格式能识别，但内部结构已损坏（例如下载不完整的 .docx 压缩包、PDF 或 .doc 文件，不完整的 XML，有语法错误的 JSON）。请重新下载，或用原来的程序重新导出。";
    /// A PDF without a text layer.
    ReadNoTextLayer = "read::no-text-layer", Error,
        "PDF 没有文字层（扫描件）",
        "PDF 的页面只有图片、没有文字层（通常是扫描件），其中的表格必须先做文字识别（OCR）才能读取。请提供带文字的 PDF，或报告的 .docx、.html 文件。";
    /// A document of a recognised format that cannot be read.
    ReadUnsupportedFormat = "read::unsupported-format", Error,
        "能识别但不能读取的文件格式",
        "文件是能识别但不能读取的格式（例如 Excel 表格、OpenDocument 文档、其他 zip 压缩包；或构建时没有启用 PDF、.doc 读取的 nianbao 遇到的 PDF、.doc 文件）。诊断会说明如何转换，例如 `soffice --headless --convert-to docx 文件`。";
    /// A table of a PDF drawn without ruling lines whose columns the text positions do not
    /// settle: kept as text, not read.
    ReadTableWithoutLines = "read::table-without-lines", Warning,
        "PDF 中没有表格线的表格无法可靠读取",
        "PDF 中的表格没有表格线（导出时去掉了边框，或网页打印成的 PDF），只能按文字的位置判断每个数字属于哪一列。程序只在位置明确时读取这样的表格：每个数字都恰好落在一列之内，各列之间分得开，表头每一列的列名正好对着一列数字。做不到时程序不猜测：这张表格不读取，其中的文字作为正文保留，诊断给出页码和原因；涉及这张表的检查无法进行（通常还会报告找不到这张表格）。请核对原表，或提供带表格线的 PDF，或报告的 .docx、.html 文件。";
    /// A document larger than the file size limit.
    LimitFileSize = "limit::file-size", Error,
        "文件大小超过上限",
        "文件大于允许读取的上限（默认 64 MiB）。真实的年度报告通常只有几 MB，文件可能选错或已损坏。确需读取时用 --max-file-size 放宽。";
    /// A .docx whose content decompresses past the limit (a zip bomb).
    LimitUnzippedSize = "limit::unzipped-size", Error,
        "Word 文档解压后的内容超过上限",
        "Word 文档解压后的内容大于上限（默认 64 MiB），这是“压缩炸弹”的特征，文件不会被完整解压。确需读取时用 --max-unzipped-size 放宽。";
    /// A .docx package with more entries than the limit.
    LimitZipEntries = "limit::zip-entries", Error,
        "Word 文档里的文件个数超过上限",
        "Word 文档（zip 压缩包）里的文件个数超过上限（默认 10000 个），正常的 .docx 只有几十个。确需读取时用 --max-zip-entries 放宽。";
    /// HTML or .docx XML nested deeper than the limit.
    LimitDepth = "limit::depth", Error,
        "元素嵌套层数超过上限",
        "HTML 网页或 .docx 中的元素嵌套层数超过上限（默认 256 层），正常的报告不超过几十层。过深的嵌套会让解析极慢，文件因此不被读取。确需读取时用 --max-depth 放宽。";
    /// A table longer or wider than the limit.
    LimitTableSize = "limit::table-size", Error,
        "表格的行数或一行的单元格数超过上限",
        "文件中某个表格的行数或一行的单元格数超过上限（默认 10000 行、1000 个）。年度报告的表格只有几十行、十几列。确需读取时用 --max-table-rows 或 --max-table-columns 放宽。";
    /// A document whose reading would take more memory than the limit.
    LimitMemory = "limit::memory", Error,
        "读取文件需要的内存超过上限",
        "读取这个文件估计要用的内存超过上限（默认 1 GiB）。程序在建立网页的元素树、文本的行、Word 文档的元素之前先按它们的个数估算，超过上限就不读取，所以不会耗尽内存而中断整批检查；该文件报错，其余文件照常检查。年度报告只需要几 MB。确需读取时用 --max-memory 放宽，如 --max-memory 4GiB。";
    /// A PDF page whose content decodes past the PDF library's cap.
    LimitStreamSize = "limit::stream-size", Error,
        "PDF 中的数据流解压后超过上限",
        "PDF 中一页的内容（压缩的数据流）解压后超过 256 MiB，PDF 读取库在此停止，这一页读不到文字；文件因此不读取，而不是当作没有文字层的扫描件。正常的报告每页只有几 KB 到几百 KB，这通常是“压缩炸弹”或损坏的文件。这个上限由读取库规定，不能放宽；请提供报告的 .docx、.html 文件，或重新导出 PDF。";
    /// A document that took longer than the time budget.
    LimitTime = "limit::time", Error,
        "处理时间超过上限",
        "读取和检查一个文件用时超过上限（默认 30 秒）后不再等待，该文件报错，其余文件照常检查。正常的报告在几十毫秒内完成。确需更长时间时用 --timeout 放宽，如 --timeout 2m。";
    /// A declared table, or a part of one, was not found in the document.
    BindMissingTable = "bind::missing-table", Error,
        "找不到模板规定的表格或表格的一部分",
        "报告中找不到模板声明的表格（按表格的行名和列名查找），或找到的表格中缺少模板规定的一个部分。可能表格被删除、以图片形式发布，或行列名称与模板相差太大。涉及它的检查无法进行。";
    /// A declared row was not found in its table.
    BindMissingRow = "bind::missing-row", Error,
        "表格缺少模板规定的行",
        "报告的表格中缺少模板规定的一行。请按模板补上该行；涉及该行的检查无法进行。";
    /// A declared column was not found in its table.
    BindMissingColumn = "bind::missing-column", Error,
        "表格缺少模板规定的列",
        "报告的表格中缺少模板规定的一列。请按模板补上该列；涉及该列的检查无法进行。";
    /// A row of the document that is not bound: its label matches no declared row, it has
    /// no label, or it repeats an earlier row.
    BindUnknownRow = "bind::unknown-row", Warning,
        "表格中有一行对不上模板的行",
        "报告表格中有一行的名称与模板中的任何行都对不上、没有行名，或与前面的一行重复，这一行的数字没有参与检查（重复的行只有第一次出现的参与检查）。诊断会给出相近的模板行名：报告与规则文件都可能写错（规则文件中的行名写错时，照官方格式书写的报告也会这样），请两边都核对。";
    /// A row label differs from the official wording but is recognisably that row.
    BindRenamedRow = "bind::renamed-row", Warning,
        "行名与官方写法不一致",
        "报告中的行名与官方格式的写法不同（例如错别字、漏字），但能认出是哪一行。这一行照常参与检查；请把行名改为官方写法。诊断会给出官方名称。";
    /// A column header differs from the official wording but is recognisably that column.
    BindRenamedColumn = "bind::renamed-column", Warning,
        "列名与官方写法不一致",
        "报告中的列名与官方格式的写法不同（例如错别字、漏字），但能认出是哪一列。这一列照常参与检查；请把列名改为官方写法。诊断会给出官方名称。";
    /// A section heading worded differently from the format, recognised by its number, place
    /// and words.
    BindRenamedSection = "bind::renamed-section", Info,
        "章节标题与官方写法不同",
        "报告中某一部分的标题与格式规定的写法不同（换了一个词、多了或少了字），但按编号（如“五、”）、在前后两部分之间的位置和标题用词能认出是哪一部分，照常按这一部分对待。标题单独成行时，只要编号和位置对得上也能认出。如要与格式一致，请把标题改为官方写法。";
    /// Section headings in an order other than the format's.
    BindSectionOrder = "bind::section-order", Warning,
        "章节顺序与格式不同",
        "年度报告的六个部分（总体情况、主动公开、收到和处理申请、行政复议和行政诉讼、存在的主要问题及改进情况、其他需要报告的事项）应按格式规定的顺序排列。报告中某一部分的标题出现在格式规定排在它前面的部分之前（F-01）。";
    /// A section heading numbered with another section's ordinal.
    BindHeadingNumber = "bind::heading-number", Warning,
        "章节标题的编号与它是第几部分不符",
        "报告某一部分的标题编号（如“四、”）与格式中它是第几部分不符（如第三部分编成了“四、”）：多半是漏掉或删掉了一部分、重复了编号，或复制时没有改编号。阿拉伯数字编号（“1、 总体情况”）与汉字编号混用不报告：Word 的自动编号转成文字时常常这样，报告本身并没有错。";
    /// The signing agency differs from the agency in the title.
    BindAgencyDiffers = "bind::agency-differs", Info,
        "落款机关与标题中的机关不一致",
        "报告末尾落款的机关名称与标题中的机关名称不同（一个也不包含另一个）。可能是沿用了其他单位的报告没有改全，也可能只是全称与简称之别，请核对（N-08）。";
    /// A row the rule file marks optional is not in the report.
    BindOptionalRowAbsent = "bind::optional-row-absent", Info,
        "报告没有列出格式允许不列的行",
        "规则文件把这一行标为 optional（格式允许不列），报告中没有这一行。例如没有规章制定权的机关（县级政府、乡镇、政府部门）可以不列表二的“规章”行。这不是错误；涉及这一行的检查无法判断，不会报错。";
    /// A header in the document matches no declared column.
    BindExtraColumn = "bind::extra-column", Warning,
        "表格中有模板没有规定的列",
        "报告表格中有一列在模板中没有规定，这一列的数字没有参与检查。";
    /// Cell boundaries in run-together text were inferred from the template's checks.
    BindInferredBoundaries = "bind::inferred-boundaries", Info,
        "连在一起的数字按勾稽关系推断了边界",
        "报告的表格在文本中没有分隔（例如网页被转成纯文本，数字连在一起），程序按模板的勾稽关系选出唯一成立的读法。用来推断的检查对这些行不构成独立验证，请核对原表。";
    /// A run-together row could not be split unambiguously.
    BindAmbiguousRow = "bind::ambiguous-row", Warning,
        "连在一起的数字无法确定读法",
        "一行的数字连在一起，按模板的勾稽关系仍有多种读法（或一种都不成立），程序不猜测，这一行不参与检查。诊断会列出可能的读法。";
    /// A row has fewer value cells than the table has columns.
    BindMissingValue = "bind::missing-value", Error,
        "一行的单元格少于列数",
        "报告表格中的一行数字个数少于列数，无法确定每个数字属于哪一列，这一行没有参与检查。";
    /// A cell whose number has more digits than can be computed with.
    BindNumberTooLarge = "bind::number-too-large", Error,
        "数字过大，无法计算",
        "单元格里的数字超过 28 位，远超任何件数或金额，无法计算（通常是几个数字连在了一起，例如转换时丢了分隔的空格或表格线）。这个单元格没有参与计算，用到它的检查都没有进行；JSON 输出中它的值是原样的数字串。请核对这个单元格。";
    /// A row has more value cells than the table has columns, or numbers lie outside every
    /// recognised row and column.
    BindExtraValue = "bind::extra-value", Error,
        "数字多于列数，或不属于任何行列",
        "报告表格中一行的数字多于列数（数字按靠右对齐到各列，多出的是左边的），或有数字不属于任何能识别的行和列（例如部分的标题被改动、多出了行、表头里写了数字）。这些数字没有参与检查；这一行可能错位，请按模板核对。";
    /// A table of the document that is not a table of the template, with numbers in it.
    BindUnusedTable = "bind::unused-table", Info,
        "表格不属于模板，其中的数字没有参与检查",
        "报告中有一个表格不是模板中的任何表格（按行名、列名对不上），其中的数字没有参与任何检查。报告自己增加的表格（例如培训情况、网站统计）属于这种情况，无需处理；如果它其实是模板中的表格（被拆开、改了行列名称、以不同的顺序排列），请按模板核对。诊断标出其中的前几个数字；这些数字也列在 extract 的 JSON 输出的 outside 中，不会被悄悄丢掉。";
    /// A table whose header names no column was read in the template's column order, and the
    /// template's checks confirmed that reading.
    BindPositionalColumns = "bind::positional-columns", Info,
        "表头没有列名，按列顺序读出并经勾稽关系证实",
        "表格的表头没有列名（PDF 转成 Markdown 等格式时常见：表头只剩“列1”“Col2”这样的占位符，或没有表头），但列数与模板相同。程序按模板的列顺序读取，并且只在模板的勾稽关系证实这种读法时才使用：这样读时表内的勾稽关系都成立，其中至少一项在把数字错开一列或几列读时不成立（只有这样的检查能说明列的对应是对的）。诊断会写出起证实作用的检查；这些检查对这张表不构成独立的验证，请核对原表。每行各列数字都相同时，怎样对应结果都一样，也照此读取并说明。";
    /// A table whose header names no column could not be read: the checks do not single out
    /// the template's column order.
    BindUnconfirmedColumns = "bind::unconfirmed-columns", Warning,
        "表头没有列名，无法确定各列",
        "表格的表头没有列名（只有“列1”“Col2”这样的占位符，或没有表头），按模板的列顺序读时勾稽关系不成立，或者没有一项勾稽关系能证实这种读法（例如规则文件没有表内的勾稽关系）。程序不猜测：这张表的数字没有参与检查，列在未放入表格的数字中。请核对原表，或提供带表头的文件（.docx、.html）。";
    /// A declared table printed twice with different numbers.
    BindDuplicateTable = "bind::duplicate-table", Warning,
        "同一张表出现两次，数字不同",
        "报告中同一张表（例如表三）出现了两次，两处的数字不一致：可能是报告自相矛盾，也可能是有意分别列出两个范围（如本级和全区），程序不能判断，所以是警告。程序检查第一张（含模板标签最多、靠前的一张），诊断标出两处位置和不一致的单元格；第二张表的数字列在未放入表格的数字中，没有参与检查。请核对哪一张是正确的，删去另一张。两处数字完全相同时报 bind::repeated-table。";
    /// A declared table printed twice with the same numbers.
    BindRepeatedTable = "bind::repeated-table", Warning,
        "同一张表出现两次，数字相同",
        "报告中同一张表出现了两次，两处的数字完全相同。程序只检查第一张，诊断标出两处位置；请删去重复的表格。数字不同时报 bind::duplicate-table。";
    /// The cell that explains failed checks, with the value that satisfies them.
    FixWrongCell = "fix::wrong-cell", Error,
        "定位到填错的单元格，并给出应填的数",
        "一个数字填错时，往往有两三项勾稽关系同时不成立（所在行的总计、所在列的平衡、（七）总计）。程序把各项检查当作单元格之间的等式，找出改动最少的单元格（通常是一格，必要时两格），使所有检查（包括原本成立的）都成立，并给出应填的数和可能的笔误（两位数字写反、漏写或多写一位、填了相邻格的数）。只有一种改法时为“确定”，`nianbao fix` 可以自动改正；涉及两格、数字是按勾稽关系推断的，或在几种改法中取了唯一不把已填数字改成 0 的一种时为“可能”，只提示不自动改。被这一格解释的检查失败列在它下面。";
    /// Failed checks that several cells could explain equally.
    FixAmbiguousCell = "fix::ambiguous-cell", Warning,
        "有数字填错了，但不能确定是哪一格",
        "有勾稽关系不成立，但改动不同的单元格都能使所有检查成立（例如表四某组的总计与各项不符，而各项都是 0：可能是总计错了，也可能是某一项漏填），程序不猜测，列出每一种改法。请核对原表。";
    /// An explanations file that cannot be read: not TOML, or an incomplete entry.
    ExplainInvalidFile = "explain::invalid-file", Error,
        "说明文件写法有误",
        "说明文件（nianbao-说明.toml 或 --explanations 指定的文件）不是有效的 TOML，或某一项缺少必填的键（check、reason）、有不认识的键、值的类型不对。诊断给出出错的行和列。理由（reason）没有填写的项一律拒绝：接受一项检查结果必须写明理由。改正后重新运行；在改好之前不进行检查。";
    /// An explanations entry that matched no finding of the reports it is about.
    ExplainUnusedEntry = "explain::unused-entry", Warning,
        "说明文件中的一项没有对应任何结果",
        "说明文件中的这一项所指的报告检查过了，但没有哪一项检查结果与它对应：报告可能已经改正，或者 check、row、column、message 写得与检查结果不一致。已改正的话请删去这一项，免得日后误把新的问题当作已说明的；否则按 `nianbao check` 的输出核对这一项。";
    /// An explanations entry past its expiry date.
    ExplainExpiredEntry = "explain::expired-entry", Warning,
        "说明文件中的一项已经到期",
        "说明文件中的这一项写了到期日（until），今天（北京时间）已经过了这一天：它不再生效，它说明的检查结果重新报告。请复核这一结果：理由仍然成立的话，更新理由和到期日；否则改正报告，并删去这一项。";
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

    /// Summaries are one short line without a final period; explanations are sentences.
    #[test]
    fn texts_have_their_shape() {
        for code in Code::ALL {
            let summary = code.summary();
            assert!(
                !summary.is_empty() && summary.chars().count() <= 24,
                "{summary}"
            );
            assert!(
                !summary.contains('\n') && !summary.ends_with('。'),
                "{summary}"
            );
            assert!(code.explain().ends_with('。'), "{}", code.explain());
        }
    }

    /// Only findings about a report (binding problems, culprits, a table read without lines,
    /// damaged bytes replaced),
    /// rule-author lints (guesses about a rule file that compiles) and explanations entries that do nothing (`explain::unused-entry`, `…expired-entry`)
    /// are below an error: a rule file or a file that cannot be read cannot be worked around.
    #[test]
    fn only_report_findings_are_below_error() {
        for code in Code::ALL {
            if !["bind", "fix", "lint"].contains(&code.namespace())
                && *code != Code::ReadTableWithoutLines
                && *code != Code::ReadReplacedBytes
                && *code != Code::ExplainUnusedEntry
                && *code != Code::ExplainExpiredEntry
            {
                assert_eq!(code.severity(), Severity::Error, "{}", code.as_str());
            }
        }
    }

    /// A prefix gives the codes of its namespace, with or without `::`; a full code itself.
    #[test]
    fn lists_codes_under_a_prefix() {
        let names = |prefix| Code::under(prefix).map(Code::as_str).collect::<Vec<_>>();
        let limits = names("limit");
        assert_eq!(limits.len(), 8);
        assert!(limits.iter().all(|c| c.starts_with("limit::")));
        assert_eq!(names("limit::"), limits);
        assert_eq!(names("bind::missing-row"), ["bind::missing-row"]);
        assert_eq!(names("internal"), ["internal"]);
        assert!(names("lim").is_empty());
        assert!(names("").is_empty());
        assert!(names("bind::missing").is_empty());
        assert_eq!(Code::BindMissingRow.namespace(), "bind");
        assert_eq!(Code::Internal.namespace(), "internal");
    }
}
