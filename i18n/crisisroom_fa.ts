<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>BoardModel</name>
    <message>
        <location filename="../desktop/views/board.py" line="40"/>
        <source>Severity</source>
        <translation>شدت</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="40"/>
        <source>Reference</source>
        <translation>شناسه</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="40"/>
        <source>Title</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="41"/>
        <source>Affected services</source>
        <translation>سرویس‌های آسیب‌دیده</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="41"/>
        <source>Incident commander</source>
        <translation>فرمانده حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="42"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="42"/>
        <source>Elapsed</source>
        <translation>زمان سپری‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="42"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="43"/>
        <source>Open tasks</source>
        <translation>وظایف باز</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="43"/>
        <source>Last update</source>
        <translation>آخرین به‌روزرسانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="82"/>
        <source>breached by %1</source>
        <translation>نقض به‌مدت %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="85"/>
        <source>%1 (%2 overdue)</source>
        <translation>%1 (%2 معوق)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../desktop/views/labels.py" line="86"/>
        <source>The database is in use by another program. Close it and try again.</source>
        <translation>پایگاه‌داده در دست برنامه دیگری است. آن را ببندید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="87"/>
        <source>The database file is damaged or is not a Crisis Room database.</source>
        <translation>پرونده پایگاه‌داده آسیب دیده است یا پایگاه‌داده اتاق بحران نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="88"/>
        <source>This database was written by a newer version of Crisis Room. Update the application to open it.</source>
        <translation>این پایگاه‌داده با نسخه جدیدتری از اتاق بحران نوشته شده است. برای باز کردن آن، برنامه را به‌روز کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="90"/>
        <source>The database cannot be opened or created here.</source>
        <translation>پایگاه‌داده در این مسیر باز یا ساخته نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="91"/>
        <source>The title cannot be empty.</source>
        <translation>عنوان نمی‌تواند خالی باشد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="92"/>
        <source>The name cannot be empty.</source>
        <translation>نام نمی‌تواند خالی باشد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="93"/>
        <source>The note is empty.</source>
        <translation>یادداشت خالی است.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="94"/>
        <source>No such incident.</source>
        <translation>چنین حادثه‌ای وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="95"/>
        <source>No such service.</source>
        <translation>چنین سرویسی وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="96"/>
        <source>No such person.</source>
        <translation>چنین فردی وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="97"/>
        <source>No such task.</source>
        <translation>چنین وظیفه‌ای وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="98"/>
        <source>No such record.</source>
        <translation>چنین رکوردی وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="99"/>
        <source>This move is not allowed from the incident&apos;s current status.</source>
        <translation>این تغییر وضعیت از وضعیت فعلی حادثه مجاز نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="100"/>
        <source>The incident has already been acknowledged.</source>
        <translation>دریافت این حادثه پیش‌تر تأیید شده است.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="101"/>
        <source>Only a declared incident can be acknowledged.</source>
        <translation>فقط دریافت حادثه اعلام‌شده را می‌توان تأیید کرد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="102"/>
        <source>This person already holds the role.</source>
        <translation>این فرد هم‌اکنون همین نقش را دارد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="103"/>
        <source>A value is not valid.</source>
        <translation>یکی از مقادیر معتبر نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="106"/>
        <source>The operation failed (%1).</source>
        <translation>عملیات انجام نشد (%1).</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../desktop/views/labels.py" line="11"/>
        <source>Critical</source>
        <translation>بحرانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="11"/>
        <source>High</source>
        <translation>بالا</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="12"/>
        <source>Medium</source>
        <translation>متوسط</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="12"/>
        <source>Low</source>
        <translation>پایین</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="18"/>
        <source>Proposed</source>
        <translation>پیشنهادی</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="18"/>
        <source>Declared</source>
        <translation>اعلام‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="19"/>
        <source>Contained</source>
        <translation>مهارشده</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="19"/>
        <source>Resolved</source>
        <translation>رفع‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="20"/>
        <source>Under review</source>
        <translation>در حال بازبینی</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="20"/>
        <source>Closed</source>
        <translation>بسته‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="21"/>
        <source>Cancelled</source>
        <translation>لغوشده</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="27"/>
        <source>Identification</source>
        <translation>شناسایی</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="27"/>
        <source>Containment</source>
        <translation>مهار</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="28"/>
        <source>Resolution</source>
        <translation>رفع</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="28"/>
        <source>Maintenance</source>
        <translation>نگهداشت و بازیابی</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="34"/>
        <source>Incident commander</source>
        <translation>فرمانده حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="35"/>
        <source>Communications lead</source>
        <translation>مسئول ارتباطات</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="36"/>
        <source>Technical lead</source>
        <translation>سرپرست فنی</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="36"/>
        <source>Scribe</source>
        <translation>ثبت‌کننده</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="37"/>
        <source>SLA manager</source>
        <translation>مسئول SLA</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="38"/>
        <source>Subject-matter expert</source>
        <translation>کارشناس موضوعی</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="39"/>
        <source>External expert</source>
        <translation>کارشناس بیرونی</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="45"/>
        <source>To do</source>
        <translation>انجام‌نشده</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="45"/>
        <source>In progress</source>
        <translation>در حال انجام</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="46"/>
        <source>Blocked</source>
        <translation>مسدود</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="46"/>
        <source>Done</source>
        <translation>انجام‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="52"/>
        <source>Technician</source>
        <translation>تکنسین</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="52"/>
        <source>Hotline</source>
        <translation>خط تماس ویژه</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="53"/>
        <source>Monitoring</source>
        <translation>پایش</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="53"/>
        <source>Rule</source>
        <translation>قاعده خودکار</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="54"/>
        <source>Intake</source>
        <translation>میز پذیرش درخواست</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="60"/>
        <source>Title</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="60"/>
        <source>Description</source>
        <translation>شرح</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="61"/>
        <source>Severity</source>
        <translation>شدت</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="61"/>
        <source>Impact</source>
        <translation>اثر</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="62"/>
        <source>Urgency</source>
        <translation>فوریت</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="62"/>
        <source>Reported via</source>
        <translation>کانال گزارش</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="63"/>
        <source>Detected at</source>
        <translation>زمان تشخیص</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="63"/>
        <source>Conference bridge</source>
        <translation>پل کنفرانس</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="64"/>
        <source>Bridge phone</source>
        <translation>تلفن پل کنفرانس</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="64"/>
        <source>Bridge PIN</source>
        <translation>کد ورود پل کنفرانس</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="65"/>
        <source>War room</source>
        <translation>اتاق بحران</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="65"/>
        <source>SLA target</source>
        <translation>هدف SLA</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="66"/>
        <source>Summary</source>
        <translation>خلاصه</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="66"/>
        <source>Business impact</source>
        <translation>اثر بر کسب‌وکار</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="67"/>
        <source>Root cause</source>
        <translation>علت ریشه‌ای</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="67"/>
        <source>What went well</source>
        <translation>آنچه خوب پیش رفت</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="68"/>
        <source>What went wrong</source>
        <translation>آنچه بد پیش رفت</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="68"/>
        <source>Where we got lucky</source>
        <translation>جایی که شانس آوردیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="69"/>
        <source>Affected services</source>
        <translation>سرویس‌های آسیب‌دیده</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="75"/>
        <source>Note</source>
        <translation>یادداشت</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="75"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="75"/>
        <source>Edit</source>
        <translation>ویرایش</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="76"/>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="76"/>
        <source>Task</source>
        <translation>وظیفه</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="76"/>
        <source>Record</source>
        <translation>رکورد</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="77"/>
        <source>Communication</source>
        <translation>اطلاع‌رسانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="77"/>
        <source>Sync conflict</source>
        <translation>تعارض همگام‌سازی</translation>
    </message>
    <message>
        <location filename="../desktop/views/labels.py" line="78"/>
        <source>Undo</source>
        <translation>واگرد</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../desktop/app.py" line="67"/>
        <location filename="../desktop/views/mainwindow.py" line="100"/>
        <location filename="../desktop/views/mainwindow.py" line="140"/>
        <source>Crisis Room</source>
        <translation>اتاق بحران</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="101"/>
        <source>&amp;File</source>
        <translation>&amp;پرونده</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="102"/>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="103"/>
        <source>&amp;Edit</source>
        <translation>&amp;ویرایش</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="104"/>
        <source>&amp;Undo</source>
        <translation>&amp;واگرد</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="105"/>
        <source>&amp;Redo</source>
        <translation>&amp;ازنو</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="106"/>
        <source>&amp;View</source>
        <translation>&amp;نما</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="107"/>
        <source>&amp;Language</source>
        <translation>&amp;زبان</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="108"/>
        <source>Board</source>
        <translation>تابلوی زنده</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="108"/>
        <source>Team</source>
        <translation>تیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="108"/>
        <source>Tasks</source>
        <translation>وظایف</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="108"/>
        <source>Timeline</source>
        <translation>خط زمانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="115"/>
        <source>Station %1</source>
        <translation>ایستگاه %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="125"/>
        <source>No incident selected</source>
        <translation>هیچ حادثه‌ای انتخاب نشده است</translation>
    </message>
</context>
<context>
    <name>TaskModel</name>
    <message>
        <location filename="../desktop/views/tasks.py" line="31"/>
        <source>Task</source>
        <translation>وظیفه</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="37"/>
        <source>No owner</source>
        <translation>بدون مالک</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="39"/>
        <source>due %1</source>
        <translation>مهلت %1</translation>
    </message>
</context>
<context>
    <name>TeamModel</name>
    <message>
        <location filename="../desktop/views/team.py" line="27"/>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="27"/>
        <source>Person</source>
        <translation>فرد</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="27"/>
        <source>Job title</source>
        <translation>سمت</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="28"/>
        <source>Team</source>
        <translation>تیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="28"/>
        <source>Phone</source>
        <translation>تلفن</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="28"/>
        <source>Since</source>
        <translation>از</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="29"/>
        <source>Until</source>
        <translation>تا</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <location filename="../desktop/views/timeline.py" line="45"/>
        <source>Time</source>
        <translation>زمان</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="45"/>
        <source>By</source>
        <translation>ثبت‌کننده</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="45"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="46"/>
        <source>Entry</source>
        <translation>رویداد</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="56"/>
        <source>Acknowledged</source>
        <translation>تأیید دریافت شد</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="58"/>
        <source>Reported as %1</source>
        <translation>گزارش شد با وضعیت %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="78"/>
        <source>%1: %2 took over from %3</source>
        <translation>%1: %2 به‌جای %3</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="81"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="82"/>
        <source>%1: %2 stepped down</source>
        <translation>%1: %2 کنار رفت</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="86"/>
        <source>Task «%1» moved to %2</source>
        <translation>وظیفه «%1» به %2 منتقل شد</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="88"/>
        <source>Task added: %1</source>
        <translation>وظیفه افزوده شد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="90"/>
        <source>Problem record linked</source>
        <translation>رکورد مشکل پیوند شد</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="90"/>
        <source>Change record linked</source>
        <translation>رکورد تغییر پیوند شد</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="91"/>
        <source>Marked as duplicate</source>
        <translation>به‌عنوان تکراری علامت خورد</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="93"/>
        <source>A change was undone</source>
        <translation>یک تغییر واگرد شد</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="93"/>
        <source>A change was redone</source>
        <translation>یک تغییر دوباره اعمال شد</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <location filename="../desktop/cli.py" line="21"/>
        <source>usage: </source>
        <translation>استفاده: </translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="21"/>
        <source>options</source>
        <translation>گزینه‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="22"/>
        <source>positional arguments</source>
        <translation>آرگومان‌های جایگاهی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="23"/>
        <source>show this help message and exit</source>
        <translation>نمایش این راهنما و خروج</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="24"/>
        <source>%(prog)s: error: %(message)s
</source>
        <translation>%(prog)s: خطا: %(message)s
</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="26"/>
        <source>invalid choice: %(value)r (choose from %(choices)s)</source>
        <translation>گزینه نامعتبر: %(value)r (یکی از %(choices)s)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="27"/>
        <source>the following arguments are required: %s</source>
        <translation>این آرگومان‌ها لازم‌اند: %s</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="28"/>
        <source>unrecognized arguments: %s</source>
        <translation>آرگومان‌های ناشناخته: %s</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="29"/>
        <source>expected one argument</source>
        <translation>یک مقدار لازم است</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="30"/>
        <source>argument %(argument_name)s: %(message)s</source>
        <translation>آرگومان %(argument_name)s: %(message)s</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="31"/>
        <source>invalid %(type)s value: %(value)r</source>
        <translation>مقدار نامعتبر: %(value)r</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="41"/>
        <source>not a whole number: %1</source>
        <translation>عدد صحیح نیست: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="43"/>
        <source>must be at least 1: %1</source>
        <translation>باید دست‌کم ۱ باشد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="52"/>
        <source>size must look like 1920x1080: %1</source>
        <translation>اندازه باید به شکل 1920x1080 باشد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="68"/>
        <source>station database file (default: the platform&apos;s data folder)</source>
        <translation>پرونده پایگاه‌داده ایستگاه (پیش‌فرض: پوشه داده‌های سامانه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="70"/>
        <source>language of the interface and messages (default: fa)</source>
        <translation>زبان رابط و پیام‌ها (پیش‌فرض: fa)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="73"/>
        <source>Crisis Room: run the crisis room during a major incident. Without a command, starts the application.</source>
        <translation>اتاق بحران: اداره اتاق بحران هنگام حادثه مهم. بدون فرمان، برنامه را باز می‌کند.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="77"/>
        <source>commands</source>
        <translation>فرمان‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="79"/>
        <source>fill a new database with demo data</source>
        <translation>پر کردن یک پایگاه‌داده تازه با داده نمایشی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="81"/>
        <source>size of the data: 1 is about eight incidents, 100 about a thousand</source>
        <translation>اندازه داده: ۱ حدود هشت حادثه، ۱۰۰ حدود هزار حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="84"/>
        <source>print all shared data as canonical JSON</source>
        <translation>چاپ همه داده‌های مشترک به‌صورت JSON استاندارد</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="85"/>
        <source>output format</source>
        <translation>قالب خروجی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="86"/>
        <source>write to this file instead of standard output</source>
        <translation>نوشتن در این پرونده به‌جای خروجی استاندارد</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="89"/>
        <source>render a view to a PNG file</source>
        <translation>ذخیره تصویر یک نما در پرونده PNG</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="91"/>
        <source>which view to render</source>
        <translation>کدام نما</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="92"/>
        <source>window size, e.g. 1920x1080</source>
        <translation>اندازه پنجره، مثلاً 1920x1080</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="93"/>
        <source>the PNG file to write</source>
        <translation>پرونده PNG خروجی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="99"/>
        <source>crisisroom: %1</source>
        <translation>crisisroom: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="122"/>
        <source>the database already has incidents; demo data goes into a new one</source>
        <translation>این پایگاه‌داده حادثه دارد؛ داده نمایشی فقط در پایگاه‌داده تازه نوشته می‌شود</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="125"/>
        <source>demo: %1 of %2 incidents</source>
        <translation>داده نمایشی: %1 از %2 حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="131"/>
        <source>Demo data written to %1</source>
        <translation>داده نمایشی در %1 نوشته شد</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="139"/>
        <location filename="../desktop/cli.py" line="159"/>
        <source>no database at %1</source>
        <translation>پایگاه‌داده‌ای در %1 نیست</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="197"/>
        <source>cannot write the file: %1</source>
        <translation>نوشتن پرونده ممکن نشد: %1</translation>
    </message>
</context>
</TS>
