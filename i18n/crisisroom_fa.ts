<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name></name>
    <message>
        <location filename="../desktop/views/wall.py" line="100"/>
        <source>the picture could not be read (see crisisroom.log)</source>
        <translation>تصویر خوانده نشد (crisisroom.log را ببینید)</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall.py" line="164"/>
        <source>a page could not be drawn: the last good picture is shown (see crisisroom.log)</source>
        <translation>صفحه‌ای رسم نشد: آخرین تصویر درست نمایش داده می‌شود (crisisroom.log را ببینید)</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall.py" line="262"/>
        <source>Crisis Room — wall display</source>
        <translation>اتاق بحران — نمایشگر دیواری</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="92"/>
        <source>Offline since %1: the sync hub cannot be reached — showing what this station has</source>
        <translation>قطع از %1: به مرکز همگام‌سازی دسترسی نیست — آنچه این ایستگاه دارد نمایش داده می‌شود</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="105"/>
        <source>Focus: %1</source>
        <translation>تمرکز: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="107"/>
        <source>Crisis Room · metrics</source>
        <translation>اتاق بحران · شاخص‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="108"/>
        <source>Crisis Room · major incidents</source>
        <translation>اتاق بحران · حوادث مهم</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="117"/>
        <source>Tehran</source>
        <translation>تهران</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="118"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="125"/>
        <source>%1 critical:</source>
        <translation>%1 حادثه بحرانی:</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="145"/>
        <source>%1 active major incidents</source>
        <translation>%1 حادثه مهم فعال</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="150"/>
        <source>page %1 of %2</source>
        <translation>صفحه %1 از %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="152"/>
        <source>as of %1 — %2</source>
        <translation>تصویر ساعت %1 — %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="164"/>
        <source>no SLA</source>
        <translation>بدون SLA</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="170"/>
        <source>update late %1</source>
        <translation>گزارش %1 دیر</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="170"/>
        <source>update in %1</source>
        <translation>گزارش تا %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="183"/>
        <source>No major incident is running.</source>
        <translation>هیچ حادثه مهمی در جریان نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="188"/>
        <source>Severity</source>
        <translation>شدت</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="188"/>
        <source>Incident · services</source>
        <translation>حادثه · سرویس‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="189"/>
        <source>Phase · commander</source>
        <translation>مرحله · فرمانده</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="189"/>
        <source>Elapsed · SLA · update</source>
        <translation>سپری‌شده · SLA · گزارش</translation>
    </message>
    <message>
        <source>Elapsed · SLA</source>
        <translation type="vanished">زمان سپری‌شده · SLA</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="190"/>
        <location filename="../desktop/views/wall_pages.py" line="362"/>
        <source>Tasks</source>
        <translation>وظایف</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="221"/>
        <source>no service named</source>
        <translation>سرویسی ثبت نشده</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="227"/>
        <source>no commander</source>
        <translation>بدون فرمانده</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="232"/>
        <location filename="../desktop/views/wall_pages.py" line="233"/>
        <source>no %1</source>
        <translation>بدون %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="244"/>
        <source>%1 open</source>
        <translation>%1 باز</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="248"/>
        <source>%1 overdue</source>
        <translation>%1 معوق</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="283"/>
        <source>Major incidents</source>
        <translation>حوادث مهم</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="283"/>
        <source>declared, not exercises</source>
        <translation>اعلام‌شده، بی‌تمرین‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="284"/>
        <source>MTTA</source>
        <translation>MTTA</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="284"/>
        <source>mean time to acknowledge</source>
        <translation>میانگین زمان تا تأیید دریافت</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="285"/>
        <source>MTTR</source>
        <translation>MTTR</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="285"/>
        <source>mean time to resolve</source>
        <translation>میانگین زمان تا رفع</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="286"/>
        <source>Time between</source>
        <translation>فاصله</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="286"/>
        <source>mean time between incidents</source>
        <translation>میانگین زمان بین حوادث</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="287"/>
        <source>SLA breaches</source>
        <translation>نقض‌های SLA</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="287"/>
        <source>resolved late, or open past it</source>
        <translation>دیرتر رفع‌شده یا هنوز باز پس از موعد</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="298"/>
        <source>%1, so far</source>
        <translation>%1، تا امروز</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="298"/>
        <source>Change</source>
        <translation>تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="361"/>
        <source>Team</source>
        <translation>تیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="363"/>
        <source>Latest on the timeline</source>
        <translation>تازه‌ترین‌های خط زمانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="368"/>
        <source>War room: %1</source>
        <translation>اتاق بحران: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="371"/>
        <source>Bridge: %1</source>
        <translation>پل کنفرانس: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="372"/>
        <source>Needs: %1</source>
        <translation>نیازمند: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="373"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="379"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="382"/>
        <source>overdue: %1</source>
        <translation>معوق: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/wall_pages.py" line="412"/>
        <source>and %1 more</source>
        <translation>و %1 مورد دیگر</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../desktop/views/review.py" line="279"/>
        <source>Add an action item</source>
        <translation>افزودن اقدام اصلاحی</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="288"/>
        <source>Action:</source>
        <translation>اقدام:</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="289"/>
        <source>Owner:</source>
        <translation>مالک:</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="290"/>
        <source>Due:</source>
        <translation>مهلت:</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="301"/>
        <source>Nobody yet</source>
        <translation>هنوز هیچ‌کس</translation>
    </message>
</context>
<context>
    <name>AllTasksPage</name>
    <message>
        <location filename="../desktop/views/all_tasks.py" line="409"/>
        <location filename="../desktop/views/all_tasks.py" line="514"/>
        <source>Anyone</source>
        <translation>هر کس</translation>
    </message>
    <message>
        <location filename="../desktop/views/all_tasks.py" line="410"/>
        <location filename="../desktop/views/all_tasks.py" line="515"/>
        <source>Nobody</source>
        <translation>هیچ‌کس</translation>
    </message>
    <message>
        <location filename="../desktop/views/all_tasks.py" line="426"/>
        <location filename="../desktop/views/all_tasks.py" line="512"/>
        <source>All incidents</source>
        <translation>همهٔ حادثه‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/all_tasks.py" line="501"/>
        <source>Move task to %1: %2 (%3)</source>
        <translation>انتقال وظیفه به %1: %2 (%3)</translation>
    </message>
    <message>
        <location filename="../desktop/views/all_tasks.py" line="506"/>
        <source>&amp;Incident:</source>
        <translation>&amp;حادثه:</translation>
    </message>
    <message>
        <location filename="../desktop/views/all_tasks.py" line="507"/>
        <source>&amp;Owner:</source>
        <translation>&amp;مالک:</translation>
    </message>
    <message>
        <location filename="../desktop/views/all_tasks.py" line="508"/>
        <source>Overdue only</source>
        <translation>فقط گذشته از مهلت</translation>
    </message>
    <message>
        <location filename="../desktop/views/all_tasks.py" line="509"/>
        <source>Mine</source>
        <translation>مال من</translation>
    </message>
    <message>
        <location filename="../desktop/views/all_tasks.py" line="510"/>
        <source>Tasks owned by the person operating this station</source>
        <translation>وظایفی که مالکشان کسی است که با این ایستگاه کار می‌کند</translation>
    </message>
    <message>
        <location filename="../desktop/views/all_tasks.py" line="517"/>
        <source>Drag a card to move it among its incident&apos;s cards, or Ctrl+Shift+arrow; right-click for more</source>
        <translation>کارت را میان کارت‌های حادثهٔ خودش بکشید، یا Ctrl+Shift+پیکان؛ برای گزینه‌های بیشتر راست‌کلیک کنید</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <location filename="../desktop/views/board.py" line="93"/>
        <source>Severity</source>
        <translation>شدت</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="93"/>
        <source>Reference</source>
        <translation>شناسه</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="93"/>
        <source>Title</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="94"/>
        <source>Affected services</source>
        <translation>سرویس‌های آسیب‌دیده</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="94"/>
        <source>Incident commander</source>
        <translation>فرمانده حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="95"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="95"/>
        <source>Elapsed</source>
        <translation>زمان سپری‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="95"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="96"/>
        <source>Open tasks</source>
        <translation>وظایف باز</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="96"/>
        <source>Next status update</source>
        <translation>گزارش وضعیت بعدی</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="97"/>
        <source>Last update</source>
        <translation>آخرین به‌روزرسانی</translation>
    </message>
    <message>
        <source>breached by %1</source>
        <translation type="vanished">نقض به‌مدت %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="84"/>
        <source>No commander</source>
        <translation>بدون فرمانده</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="155"/>
        <source>Exercise: %1</source>
        <translation>تمرین: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="173"/>
        <source>%1 (%2 overdue)</source>
        <translation>%1 (%2 معوق)</translation>
    </message>
</context>
<context>
    <name>BoardPage</name>
    <message>
        <location filename="../desktop/views/board.py" line="272"/>
        <source>No major incident is running.</source>
        <translation>هیچ حادثهٔ مهمی در جریان نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="274"/>
        <source>No incident matches the filters or the search.</source>
        <translation>هیچ حادثه‌ای با فیلترها یا جست‌وجو جور نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/board.py" line="276"/>
        <source>No incident yet. Declare one with Ctrl+N, or report a suspected one with Ctrl+Shift+N.</source>
        <translation>هنوز حادثه‌ای نیست. با Ctrl+N حادثه‌ای اعلام کنید، یا با Ctrl+Shift+N حادثه‌ای مشکوک را گزارش دهید.</translation>
    </message>
</context>
<context>
    <name>CandidateLane</name>
    <message>
        <location filename="../desktop/views/board_filters.py" line="130"/>
        <source>Duplicate of:</source>
        <translation>تکراریِ:</translation>
    </message>
    <message>
        <location filename="../desktop/views/board_filters.py" line="136"/>
        <source>Reported, awaiting a decision (%1)</source>
        <translation>گزارش‌شده، در انتظار تصمیم (%1)</translation>
    </message>
    <message>
        <location filename="../desktop/views/board_filters.py" line="143"/>
        <source>Accept and declare</source>
        <translation>پذیرش و اعلام</translation>
    </message>
    <message>
        <location filename="../desktop/views/board_filters.py" line="144"/>
        <source>Reject</source>
        <translation>رد</translation>
    </message>
    <message>
        <location filename="../desktop/views/board_filters.py" line="145"/>
        <source>Merge into…</source>
        <translation>ادغام در…</translation>
    </message>
</context>
<context>
    <name>ChangePage</name>
    <message>
        <location filename="../desktop/views/change.py" line="74"/>
        <source>The change</source>
        <translation>تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/views/change.py" line="75"/>
        <source>Approval and implementation</source>
        <translation>تأیید و پیاده‌سازی</translation>
    </message>
    <message>
        <location filename="../desktop/views/change.py" line="76"/>
        <source>Link to another incident…</source>
        <translation>پیوند به حادثه‌ای دیگر…</translation>
    </message>
    <message>
        <location filename="../desktop/views/change.py" line="77"/>
        <source>Not assessed</source>
        <translation>ارزیابی‌نشده</translation>
    </message>
    <message>
        <location filename="../desktop/views/change.py" line="82"/>
        <source>Not known yet</source>
        <translation>هنوز معلوم نیست</translation>
    </message>
    <message>
        <location filename="../desktop/views/change.py" line="86"/>
        <source>Nobody</source>
        <translation>هیچ‌کس</translation>
    </message>
</context>
<context>
    <name>CommsPage</name>
    <message>
        <location filename="../desktop/views/comms.py" line="254"/>
        <source>No status update is due (the incident is not active, or has no plan).</source>
        <translation>گزارش وضعیتی در پیش نیست (حادثه فعال نیست یا برنامه ارتباطی ندارد).</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="260"/>
        <source>Next status update in %1</source>
        <translation>گزارش وضعیت بعدی تا %1 دیگر</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="262"/>
        <source>Status update overdue by %1</source>
        <translation>گزارش وضعیت %1 عقب افتاده است</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="293"/>
        <source>%1 &lt;%2&gt;: %3</source>
        <translation>%1 ‹%2›: %3</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="314"/>
        <source>Prepare a status update</source>
        <translation>آماده‌کردن گزارش وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="323"/>
        <source>Change the status update interval</source>
        <translation>تغییر فاصله گزارش‌های وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="331"/>
        <source>Change the communication plan</source>
        <translation>تغییر برنامه ارتباطی</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="337"/>
        <source>Add an audience</source>
        <translation>افزودن مخاطب</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="342"/>
        <source>Remove an audience</source>
        <translation>برداشتن مخاطب</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="350"/>
        <source>Send a stakeholder message</source>
        <translation>فرستادن پیام به ذی‌نفعان</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="364"/>
        <source>Send again</source>
        <translation>فرستادن دوباره</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="370"/>
        <source>Discard a message</source>
        <translation>کنار گذاشتن پیام</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="373"/>
        <source>Who is told</source>
        <translation>به چه کسانی گفته می‌شود</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="374"/>
        <source>Messages</source>
        <translation>پیام‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="375"/>
        <source>Prepare a status update now</source>
        <translation>همین حالا گزارش وضعیت آماده کن</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="376"/>
        <source>Status updates every (minutes)</source>
        <translation>گزارش وضعیت هر (دقیقه)</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="377"/>
        <source>the severity&apos;s default</source>
        <translation>پیش‌فرض شدت</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="380"/>
        <source>At once</source>
        <translation>بی‌درنگ</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="381"/>
        <source>Messages to this audience go out as soon as the event happens; otherwise they wait as drafts for the communications lead.</source>
        <translation>پیام‌های این مخاطبان همین که رویداد رخ دهد فرستاده می‌شوند؛ وگرنه به‌صورت پیش‌نویس منتظر مسئول ارتباطات می‌مانند.</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="383"/>
        <source>Remove</source>
        <translation>برداشتن</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="384"/>
        <source>Add audience</source>
        <translation>افزودن مخاطب</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="385"/>
        <source>Send (Ctrl+Enter)</source>
        <translation>فرستادن (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="386"/>
        <source>Discard</source>
        <translation>کنار گذاشتن</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="387"/>
        <source>Send again to those not reached</source>
        <translation>فرستادن دوباره به کسانی که نرسید</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="388"/>
        <source>Subject</source>
        <translation>موضوع</translation>
    </message>
</context>
<context>
    <name>CommsRunner</name>
    <message>
        <location filename="../desktop/comms_runner.py" line="98"/>
        <source>Prepare a status update</source>
        <translation>آماده‌کردن گزارش وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/comms_runner.py" line="105"/>
        <source>Status update overdue</source>
        <translation>گزارش وضعیت عقب افتاده است</translation>
    </message>
    <message>
        <location filename="../desktop/comms_runner.py" line="106"/>
        <source>The status update of %1 was due at %2.</source>
        <translation>گزارش وضعیت %1 ساعت %2 موعدش بود.</translation>
    </message>
    <message>
        <location filename="../desktop/comms_runner.py" line="115"/>
        <source>Stakeholder messages</source>
        <translation>پیام‌های ذی‌نفعان</translation>
    </message>
    <message>
        <location filename="../desktop/comms_runner.py" line="115"/>
        <source>%1 more desktop notifications: see the Communications page.</source>
        <translation>%1 اعلان دیگر روی میزکار: صفحه ارتباطات را ببینید.</translation>
    </message>
    <message>
        <location filename="../desktop/comms_runner.py" line="129"/>
        <source>A status page message waits: choose the status page folder in File ▸ Stakeholder messages.</source>
        <translation>پیامی برای صفحه وضعیت منتظر است: پوشه صفحه وضعیت را در پرونده ▸ پیام‌های ذی‌نفعان برگزینید.</translation>
    </message>
    <message>
        <location filename="../desktop/comms_runner.py" line="148"/>
        <source>The status page was written: %1</source>
        <translation>صفحه وضعیت نوشته شد: %1</translation>
    </message>
</context>
<context>
    <name>CommsSettingsDialog</name>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="145"/>
        <source>Sending a test message…</source>
        <translation>در حال فرستادن پیام آزمایشی…</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="150"/>
        <source>The test message was sent.</source>
        <translation>پیام آزمایشی فرستاده شد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="162"/>
        <source>The status page folder</source>
        <translation>پوشه صفحه وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="181"/>
        <source>Saved. The next messages of this event use it.</source>
        <translation>ذخیره شد. پیام‌های بعدی این رویداد از آن استفاده می‌کنند.</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="190"/>
        <source>Edit a message template</source>
        <translation>ویرایش الگوی پیام</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="194"/>
        <source>Stakeholder messages</source>
        <translation>پیام‌های ذی‌نفعان</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="195"/>
        <source>Mail server</source>
        <translation>سرور ایمیل</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="195"/>
        <source>Status page</source>
        <translation>صفحه وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="195"/>
        <source>Templates</source>
        <translation>الگوها</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="197"/>
        <source>Server</source>
        <translation>سرور</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="197"/>
        <source>Port</source>
        <translation>درگاه</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="197"/>
        <source>Security</source>
        <translation>امنیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="198"/>
        <source>User name</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="198"/>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="198"/>
        <source>Sender&apos;s address</source>
        <translation>نشانی فرستنده</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="199"/>
        <source>Sender&apos;s name</source>
        <translation>نام فرستنده</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="199"/>
        <source>Test message to</source>
        <translation>پیام آزمایشی به</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="201"/>
        <source>STARTTLS (usually port 587)</source>
        <translation>STARTTLS (معمولاً درگاه ۵۸۷)</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="201"/>
        <source>TLS (usually port 465)</source>
        <translation>TLS (معمولاً درگاه ۴۶۵)</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="202"/>
        <source>None (a relay inside the organisation)</source>
        <translation>هیچ (رله درون سازمان)</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="204"/>
        <source>Send a test message</source>
        <translation>فرستادن پیام آزمایشی</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="205"/>
        <source>Choose…</source>
        <translation>انتخاب…</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="206"/>
        <source>The users&apos; status page (index.html) is written here on every message to the users and every hour: a shared folder or a web server&apos;s folder.</source>
        <translation>صفحه وضعیت کاربران (index.html) با هر پیام به کاربران و هر ساعت اینجا نوشته می‌شود: یک پوشه اشتراکی یا پوشه یک وب‌سرور.</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="210"/>
        <source>Save the template</source>
        <translation>ذخیره الگو</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="211"/>
        <source>Subject</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms_settings.py" line="212"/>
        <source>Placeholders a template may use (%1)</source>
        <translation>جای‌نگهدارهایی که الگو می‌تواند به کار ببرد (%1)</translation>
    </message>
</context>
<context>
    <name>DeclareDialog</name>
    <message>
        <location filename="../desktop/views/declare.py" line="90"/>
        <source>Priority %1</source>
        <translation>اولویت %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="93"/>
        <source>Report a suspected major incident</source>
        <translation>گزارش حادثه مهم احتمالی</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="94"/>
        <source>Declare a major incident</source>
        <translation>اعلام حادثه مهم</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="95"/>
        <source>&amp;Title</source>
        <translation>&amp;عنوان</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="95"/>
        <source>&amp;Severity</source>
        <translation>&amp;شدت</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="95"/>
        <source>&amp;Impact</source>
        <translation>ا&amp;ثر</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="96"/>
        <source>&amp;Urgency</source>
        <translation>&amp;فوریت</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="96"/>
        <source>Priority</source>
        <translation>اولویت</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="97"/>
        <source>&amp;Reported via</source>
        <translation>کانال &amp;گزارش</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="97"/>
        <source>Affected &amp;services</source>
        <translation>&amp;سرویس‌های آسیب‌دیده</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="98"/>
        <source>SLA target (minutes)</source>
        <translation>هدف SLA (دقیقه)</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="98"/>
        <source>&amp;Description</source>
        <translation>&amp;شرح</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="99"/>
        <source>Exercise</source>
        <translation>تمرین</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="103"/>
        <source>Report</source>
        <translation>گزارش</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="103"/>
        <source>Declare</source>
        <translation>اعلام</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="104"/>
        <source>E&amp;xercise (drill): not counted in the metrics</source>
        <translation>&amp;تمرین (مانور): در شاخص‌ها شمرده نمی‌شود</translation>
    </message>
    <message>
        <location filename="../desktop/views/declare.py" line="134"/>
        <source>The SLA target must be a whole number of minutes.</source>
        <translation>هدف SLA باید عددی صحیح از دقیقه باشد.</translation>
    </message>
</context>
<context>
    <name>DemoForm</name>
    <message>
        <location filename="../desktop/views/welcome.py" line="385"/>
        <source>&amp;Open the demo</source>
        <translation>&amp;باز کردن نسخهٔ نمایشی</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="388"/>
        <source>Making the demo data…</source>
        <translation>در حال ساختن داده نمایشی…</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="391"/>
        <source>Look around with demo data</source>
        <translation>گشتی با داده نمایشی</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="392"/>
        <source>A station full of invented incidents, people and services, to try every page. It is marked as a demo: its window says so, and it never connects to a hub, so its incidents can never reach a real one. For real work, start a new organisation or join a hub in another database (crisisroom --db FILE).</source>
        <translation>ایستگاهی پر از حادثه‌ها، افراد و سرویس‌های ساختگی، برای آزمودن همهٔ صفحه‌ها. نشان نمایشی دارد: پنجره‌اش این را می‌گوید و هرگز به هاب وصل نمی‌شود، پس حادثه‌هایش هیچ‌گاه به هاب واقعی نمی‌رسند. برای کار واقعی، در پایگاه‌داده دیگری (⁦crisisroom --db FILE⁩) سازمان تازه‌ای بسازید یا به هاب بپیوندید.</translation>
    </message>
</context>
<context>
    <name>DirectoryPage</name>
    <message>
        <location filename="../desktop/views/directory.py" line="210"/>
        <source>People</source>
        <translation>افراد</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory.py" line="210"/>
        <source>Teams</source>
        <translation>تیم‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory.py" line="210"/>
        <source>Services</source>
        <translation>سرویس‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory.py" line="210"/>
        <source>Stakeholder groups</source>
        <translation>گروه‌های ذی‌نفعان</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory.py" line="214"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory.py" line="218"/>
        <source>&amp;Search:</source>
        <translation>&amp;جست‌وجو:</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory.py" line="219"/>
        <source>Name, team, job title, email, phone, service, group…</source>
        <translation>نام، تیم، سمت، ایمیل، تلفن، سرویس، گروه…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory.py" line="220"/>
        <source>&amp;Import from CSV…</source>
        <translation>&amp;واردکردن از CSV…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory.py" line="221"/>
        <source>People, services or stakeholder groups from a spreadsheet: a preview first, nothing written until you say so</source>
        <translation>افراد، سرویس‌ها یا گروه‌های ذی‌نفعان از یک صفحه‌گسترده: نخست پیش‌نمایش، و تا نگویید چیزی نوشته نمی‌شود</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../desktop/labels.py" line="285"/>
        <source>The database is in use by another program. Close it and try again.</source>
        <translation>پایگاه‌داده در دست برنامه دیگری است. آن را ببندید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="286"/>
        <source>The database file is damaged or is not a Crisis Room database.</source>
        <translation>پرونده پایگاه‌داده آسیب دیده است یا پایگاه‌داده اتاق بحران نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="287"/>
        <source>This database was written by a newer version of Crisis Room. Update the application to open it.</source>
        <translation>این پایگاه‌داده با نسخه جدیدتری از اتاق بحران نوشته شده است. برای باز کردن آن، برنامه را به‌روز کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="289"/>
        <source>The database cannot be opened or created here.</source>
        <translation>پایگاه‌داده در این مسیر باز یا ساخته نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="297"/>
        <source>The title cannot be empty.</source>
        <translation>عنوان نمی‌تواند خالی باشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="298"/>
        <source>The name cannot be empty.</source>
        <translation>نام نمی‌تواند خالی باشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="299"/>
        <source>The note is empty.</source>
        <translation>یادداشت خالی است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="300"/>
        <source>No such incident.</source>
        <translation>چنین حادثه‌ای وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="301"/>
        <source>No such service.</source>
        <translation>چنین سرویسی وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="302"/>
        <source>No such person.</source>
        <translation>چنین فردی وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="303"/>
        <source>No such task.</source>
        <translation>چنین وظیفه‌ای وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="304"/>
        <source>No such record.</source>
        <translation>چنین رکوردی وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="305"/>
        <source>This move is not allowed from the incident&apos;s current status.</source>
        <translation>این تغییر وضعیت از وضعیت فعلی حادثه مجاز نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="306"/>
        <source>The incident closes once its review is complete (see the Review page).</source>
        <translation>حادثه وقتی بسته می‌شود که بازبینی‌اش کامل باشد (صفحهٔ بازبینی را ببینید).</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="308"/>
        <source>Only the incident commander, operating this station, can close without a complete review.</source>
        <translation>فقط فرمانده حادثه، وقتی خودش با این ایستگاه کار می‌کند، می‌تواند بدون بازبینی کامل حادثه را ببندد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="310"/>
        <source>The review starts once the incident is resolved.</source>
        <translation>بازبینی پس از رفع حادثه آغاز می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="311"/>
        <source>The incident has already been acknowledged.</source>
        <translation>دریافت این حادثه پیش‌تر تأیید شده است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="312"/>
        <source>Only a declared incident can be acknowledged.</source>
        <translation>فقط دریافت حادثه اعلام‌شده را می‌توان تأیید کرد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="313"/>
        <source>This person already holds the role.</source>
        <translation>این فرد هم‌اکنون همین نقش را دارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="314"/>
        <source>This role was already handed over.</source>
        <translation>این نقش پیش‌تر واگذار شده است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="315"/>
        <source>No such role assignment.</source>
        <translation>چنین واگذاری نقشی وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="316"/>
        <source>No such role.</source>
        <translation>چنین نقشی وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="317"/>
        <source>A value is not valid.</source>
        <translation>یکی از مقادیر معتبر نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="318"/>
        <source>The file cannot be written there. Choose another folder.</source>
        <translation>پرونده در این مسیر نوشته نمی‌شود. پوشه دیگری را انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="319"/>
        <source>“%1” is too long: at most %2 characters.</source>
        <translation>«%1» بیش از اندازه بلند است: حداکثر %2 نویسه.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="320"/>
        <source>“%1” holds invisible control characters (such as NUL). Type or paste it again.</source>
        <translation>«%1» نویسه‌های کنترلی نامرئی (مانند NUL) دارد. آن را دوباره بنویسید یا بچسبانید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="322"/>
        <source>“%1” has a value this version does not know.</source>
        <translation>«%1» مقداری دارد که این نسخه نمی‌شناسد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="323"/>
        <source>No such stakeholder group.</source>
        <translation>چنین گروه ذی‌نفعی وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="324"/>
        <source>No such change record.</source>
        <translation>چنین رکورد تغییری وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="325"/>
        <source>No such kanban column.</source>
        <translation>چنین ستونی در کانبان وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="326"/>
        <source>No such timeline entry.</source>
        <translation>چنین رویدادی در خط زمانی وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="327"/>
        <source>No such kind of stakeholder group.</source>
        <translation>چنین نوعی از گروه ذی‌نفعان وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="328"/>
        <source>“%1” cannot be changed here.</source>
        <translation>«%1» را اینجا نمی‌توان تغییر داد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="329"/>
        <source>This field cannot be changed here.</source>
        <translation>این فیلد را اینجا نمی‌توان تغییر داد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="330"/>
        <source>The card cannot be placed there. Try again.</source>
        <translation>کارت را نمی‌توان آنجا گذاشت. دوباره تلاش کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="332"/>
        <source>A task leaves “to do” only with an owner: choose who owns %1 first.</source>
        <translation>وظیفه فقط با مالک از «انجام‌نشده» بیرون می‌رود: نخست مالک %1 را برگزینید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="335"/>
        <source>Write down the root cause first: a problem is marked as found or closed only with its root cause.</source>
        <translation>نخست علت ریشه‌ای را بنویسید: مشکل فقط با علت ریشه‌ای‌اش «علت پیدا شد» یا «بسته» می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="337"/>
        <source>At most %1 whys: merge some of them.</source>
        <translation>حداکثر %1 چرا: چندتا را با هم یکی کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="338"/>
        <source>Say why the risk is medium or high.</source>
        <translation>بگویید چرا ریسک متوسط یا زیاد است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="339"/>
        <source>The outcome is recorded once the change is implemented: give the time it was implemented.</source>
        <translation>نتیجه پس از پیاده‌سازی تغییر ثبت می‌شود: زمان پیاده‌سازی را بدهید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="341"/>
        <source>This record is already linked to the incident.</source>
        <translation>این رکورد از پیش به این حادثه پیوند دارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="343"/>
        <source>The folder for this file does not exist. Choose another folder.</source>
        <translation>پوشهٔ این پرونده وجود ندارد. پوشهٔ دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="344"/>
        <source>You may not write in this folder: nothing was written there. Choose another folder.</source>
        <translation>اجازهٔ نوشتن در این پوشه را ندارید: چیزی در آن نوشته نشد. پوشهٔ دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="346"/>
        <source>This name is a folder, not a file. Choose another name.</source>
        <translation>این نام یک پوشه است، نه پرونده. نام دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="347"/>
        <source>The disk is full: nothing was written. Free some space or choose another disk.</source>
        <translation>دیسک پر است: چیزی نوشته نشد. جا باز کنید یا دیسک دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="349"/>
        <source>This disk is read-only: nothing was written there. Choose another folder.</source>
        <translation>این دیسک فقط‌خواندنی است: چیزی در آن نوشته نشد. پوشهٔ دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="351"/>
        <source>The monthly report could not be made (details in crisisroom.log); nothing was written.</source>
        <translation>گزارش ماهانه ساخته نشد (جزئیات در crisisroom.log)؛ چیزی نوشته نشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="353"/>
        <source>The postmortem could not be made (details in crisisroom.log); nothing was written.</source>
        <translation>گزارش پس از حادثه ساخته نشد (جزئیات در crisisroom.log)؛ چیزی نوشته نشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="356"/>
        <source>“%1” is not an email address.</source>
        <translation>«%1» نشانی ایمیل نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="357"/>
        <source>“%1” is not a phone number (digits, spaces, + ( ) -).</source>
        <translation>«%1» شمارهٔ تلفن نیست (رقم، فاصله، + ( ) -).</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="358"/>
        <source>Say which organisation the outside expert comes from.</source>
        <translation>بگویید کارشناس بیرونی از کدام سازمان است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="359"/>
        <source>The built-in groups keep their names; add a group of your own.</source>
        <translation>گروه‌های پیش‌ساخته نامشان را نگه می‌دارند؛ گروهی از آنِ خود بیفزایید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="360"/>
        <source>“%1” is not a number of minutes (1 to 525,600).</source>
        <translation>«%1» عددی از دقیقه نیست (۱ تا ۵۲۵٬۶۰۰).</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="362"/>
        <source>Nothing was saved: say who is operating this station first (every edit names its author).</source>
        <translation>چیزی ذخیره نشد: نخست بگویید چه کسی با این ایستگاه کار می‌کند (هر ویرایش نام نویسنده‌اش را دارد).</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="365"/>
        <source>“%1” shows nothing: it holds only invisible characters (such as zero-width spaces). Type it again.</source>
        <translation>«%1» چیزی نشان نمی‌دهد: فقط نویسه‌های نامرئی (مانند فاصلهٔ بی‌عرض) دارد. آن را دوباره بنویسید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="368"/>
        <source>A database is already there; a new station never writes over one. Choose another file.</source>
        <translation>پایگاه‌داده‌ای از پیش آنجاست؛ ایستگاه تازه هرگز روی آن نوشته نمی‌شود. پرونده دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="370"/>
        <source>The short code is 1 to 8 Latin letters or digits, e.g. HQ or TEH2.</source>
        <translation>کد کوتاه ۱ تا ۸ حرف لاتین یا رقم است، مانند HQ یا TEH2.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="371"/>
        <source>Another station already uses this short code: incident references must stay unique. Choose another.</source>
        <translation>ایستگاه دیگری این کد کوتاه را به کار می‌برد: شمارهٔ حادثه‌ها باید یکتا بماند. کد دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="373"/>
        <source>A station is a coordinator workstation, a field laptop or a wall display.</source>
        <translation>ایستگاه یا میز کار هماهنگ‌کننده است، یا لپ‌تاپ میدانی، یا نمایشگر دیواری.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="374"/>
        <source>Give the station a name.</source>
        <translation>برای ایستگاه نامی بنویسید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="375"/>
        <source>Say who is operating this station: your full name.</source>
        <translation>بگویید چه کسی با این ایستگاه کار می‌کند: نام و نام خانوادگی خودتان.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="377"/>
        <source>“%1” is not a criticality: critical, high, medium or low.</source>
        <translation>«%1» میزان اهمیت نیست: بحرانی، بالا، متوسط یا پایین.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="379"/>
        <source>“%1” is not a kind of group: technical team, management, key stakeholders, users or custom.</source>
        <translation>«%1» نوع گروه نیست: تیم فنی، مدیریت ارشد، ذی‌نفعان کلیدی، کاربران یا سفارشی.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="381"/>
        <source>No one in the directory has the email or external id “%1”.</source>
        <translation>هیچ‌کس در فهرست افراد ایمیل یا شناسهٔ «%1» را ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="382"/>
        <source>The same person, service or group as on line %1.</source>
        <translation>همان شخص، سرویس یا گروه سطر %1.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="383"/>
        <source>Several entries in the directory have “%1”: make it unique before importing.</source>
        <translation>چند مورد در فهرست «%1» را دارند: پیش از واردکردن، آن را یکتا کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="385"/>
        <source>Nothing was imported: rows were refused (%1). Correct them, or import the good rows only.</source>
        <translation>چیزی وارد نشد: سطرهایی پذیرفته نشدند (%1). آن‌ها را درست کنید، یا فقط سطرهای درست را وارد کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="387"/>
        <source>Nothing was imported: line %1 was refused as it was written (the directory changed meanwhile).</source>
        <translation>چیزی وارد نشد: سطر %1 هنگام نوشتن پذیرفته نشد (فهرست در این میان تغییر کرده بود).</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="390"/>
        <source>“%1” is not a placeholder a template may use: {title}, {ref}, {severity}, {phase}, {status}, {services}, {since}, {elapsed}, {commander}, {bridge}, {war_room}, {next_update}, {now}.</source>
        <translation>«%1» جای‌نگهداری نیست که الگو بتواند به کار ببرد: {title}، {ref}، {severity}، {phase}، {status}، {services}، {since}، {elapsed}، {commander}، {bridge}، {war_room}، {next_update}، {now}.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="393"/>
        <source>A brace is left open near “%1”: placeholders are written in braces, like {title}.</source>
        <translation>نزدیک «%1» یک آکولاد باز مانده است: جای‌نگهدارها میان آکولاد نوشته می‌شوند، مانند {title}.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="395"/>
        <source>A template needs a subject and a text.</source>
        <translation>الگو باید موضوع و متن داشته باشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="396"/>
        <source>Choose at least one channel for the audience.</source>
        <translation>دست‌کم یک کانال برای این مخاطبان برگزینید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="397"/>
        <source>No such audience in this incident&apos;s plan.</source>
        <translation>چنین مخاطبی در برنامه ارتباطی این حادثه نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="398"/>
        <source>No such message.</source>
        <translation>چنین پیامی وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="399"/>
        <source>This message was already sent or discarded: it can no longer be changed.</source>
        <translation>این پیام پیش‌تر فرستاده یا کنار گذاشته شده است و دیگر تغییر نمی‌کند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="401"/>
        <source>A message needs a subject and a text.</source>
        <translation>پیام باید موضوع و متن داشته باشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="402"/>
        <source>Only a declared or contained incident gets status updates.</source>
        <translation>تنها حادثه اعلام‌شده یا مهارشده گزارش وضعیت می‌گیرد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="404"/>
        <source>Nobody with an email is in this audience&apos;s group yet: add its members in the directory first.</source>
        <translation>هنوز کسی با ایمیل در گروه این مخاطبان نیست: نخست اعضای آن را در فهرست افراد بیفزایید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="407"/>
        <source>No such recipient of a message.</source>
        <translation>چنین گیرنده‌ای برای پیام وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="408"/>
        <source>Only a message that failed or may not have arrived can be sent again, and only to a valid address.</source>
        <translation>فقط پیامی که فرستاده نشد یا شاید نرسیده باشد دوباره فرستاده می‌شود، آن هم فقط به نشانی معتبر.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="411"/>
        <source>No such team.</source>
        <translation>چنین تیمی نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="412"/>
        <source>There is already a team named “%1”: choose another name, or move people to it from their own forms.</source>
        <translation>تیمی به نام «%1» از پیش هست: نام دیگری بگذارید، یا افراد را از فرم خودشان به آن ببرید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="414"/>
        <source>%1 people and %2 services still carry this team&apos;s name: move them to another team first.</source>
        <translation>%1 نفر و %2 سرویس هنوز نام این تیم را دارند: اول آن‌ها را به تیم دیگری ببرید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="416"/>
        <source>Nothing was saved: this change is larger than the hub takes in one piece (%1 KB). Make it in smaller steps.</source>
        <translation>چیزی ذخیره نشد: این تغییر بزرگ‌تر از آن است که هاب یک‌جا بپذیرد (%1 کیلوبایت). آن را در گام‌های کوچک‌تر انجام دهید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="421"/>
        <source>The operation failed (%1).</source>
        <translation>عملیات انجام نشد (%1).</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="290"/>
        <source>This database is read-only: it can be looked at but not changed.</source>
        <translation>این پایگاه‌داده فقط خواندنی است: می‌توان آن را دید اما نمی‌توان تغییرش داد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="291"/>
        <source>This file is not a Crisis Room database: it is empty or belongs to another program. Nothing in it was changed.</source>
        <translation>این پرونده پایگاه‌داده اتاق بحران نیست: خالی است یا از آنِ برنامه دیگری است. چیزی در آن تغییر نکرد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="293"/>
        <source>This database was written by an older version of Crisis Room. Open it once in the app to upgrade it.</source>
        <translation>این پایگاه‌داده با نسخه قدیمی‌تری از اتاق بحران نوشته شده است. یک بار آن را در برنامه باز کنید تا به‌روز شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="295"/>
        <source>This path is not a regular file (a folder, a device or a pipe): nothing was written there. Choose another name.</source>
        <translation>این مسیر پرونده معمولی نیست (پوشه، دستگاه یا لوله است): چیزی در آن نوشته نشد. نام دیگری برگزینید.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../desktop/views/board_filters.py" line="178"/>
        <source>Search incidents and timelines…</source>
        <translation>جست‌وجو در حادثه‌ها و خط زمانی…</translation>
    </message>
    <message>
        <location filename="../desktop/views/board_filters.py" line="180"/>
        <source>All severities</source>
        <translation>همه شدت‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/board_filters.py" line="182"/>
        <source>All phases</source>
        <translation>همه مراحل</translation>
    </message>
    <message>
        <location filename="../desktop/views/board_filters.py" line="192"/>
        <location filename="../desktop/views/board_filters.py" line="194"/>
        <source>All services</source>
        <translation>همه سرویس‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/board_filters.py" line="195"/>
        <source>Mine</source>
        <translation>مال من</translation>
    </message>
    <message>
        <location filename="../desktop/views/board_filters.py" line="196"/>
        <source>Incidents where the operator at this station holds a role</source>
        <translation>حادثه‌هایی که کاربر این ایستگاه در آن‌ها نقشی دارد</translation>
    </message>
</context>
<context>
    <name>FollowUpModel</name>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="34"/>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="34"/>
        <source>Due</source>
        <translation>مهلت</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="34"/>
        <source>Action item</source>
        <translation>اقدام اصلاحی</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="35"/>
        <source>Owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="35"/>
        <source>Incident</source>
        <translation>حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="38"/>
        <source>Overdue</source>
        <translation>گذشته از مهلت</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="38"/>
        <source>Open</source>
        <translation>باز</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="38"/>
        <source>Completed</source>
        <translation>انجام‌شده</translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="vanished">انجام شد</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="51"/>
        <source>No due time</source>
        <translation>بی‌مهلت</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="55"/>
        <source>No owner</source>
        <translation>بی‌مالک</translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="130"/>
        <source>Overdue: %1 · Open: %2 · Done: %3</source>
        <translation>گذشته از مهلت: %1 · باز: %2 · انجام‌شده: %3</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="144"/>
        <source>Export the follow-up register</source>
        <translation>خروجی فهرست پیگیری</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="145"/>
        <source>follow-ups</source>
        <translation>پیگیری‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="145"/>
        <source>CSV files (*.csv)</source>
        <translation>پرونده‌های CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="149"/>
        <source>Incident</source>
        <translation>حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="149"/>
        <source>Incident title</source>
        <translation>عنوان حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="149"/>
        <source>Action item</source>
        <translation>اقدام اصلاحی</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="149"/>
        <source>Owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="150"/>
        <source>Due</source>
        <translation>مهلت</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="150"/>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="150"/>
        <source>Done at</source>
        <translation>زمان انجام</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="150"/>
        <source>Due (UTC, ISO 8601)</source>
        <translation>مهلت (UTC، ISO 8601)</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="159"/>
        <source>%1 action items written to %2.</source>
        <translation>%1 اقدام اصلاحی در %2 نوشته شد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="169"/>
        <source>All action items</source>
        <translation>همهٔ اقدامات اصلاحی</translation>
    </message>
    <message>
        <location filename="../desktop/views/follow_ups.py" line="174"/>
        <source>Export to CSV…</source>
        <translation>خروجی CSV…</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../desktop/views/directory_common.py" line="221"/>
        <source>&amp;Save</source>
        <translation>&amp;ذخیره</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_common.py" line="222"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>GroupModel</name>
    <message>
        <location filename="../desktop/views/metrics.py" line="180"/>
        <source>Service</source>
        <translation>سرویس</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="180"/>
        <source>Severity</source>
        <translation>شدت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="181"/>
        <source>Incident commander</source>
        <translation>فرمانده حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="182"/>
        <source>Major incidents</source>
        <translation>حوادث مهم</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="182"/>
        <source>MTTA</source>
        <translation>MTTA</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="182"/>
        <source>MTTR</source>
        <translation>MTTR</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="183"/>
        <source>Mean time between</source>
        <translation>میانگین فاصله</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="183"/>
        <source>SLA breaches</source>
        <translation>نقض‌های SLA</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="187"/>
        <source>None</source>
        <translation>هیچ</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="197"/>
        <source>—</source>
        <translation>—</translation>
    </message>
</context>
<context>
    <name>GroupNameDialog</name>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="75"/>
        <source>Add group: %1</source>
        <translation>افزودن گروه: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="79"/>
        <source>Rename group: %1</source>
        <translation>تغییر نام گروه: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="84"/>
        <source>Add a stakeholder group</source>
        <translation>افزودن گروه ذی‌نفعان</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="85"/>
        <source>Rename a stakeholder group</source>
        <translation>تغییر نام گروه ذی‌نفعان</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="86"/>
        <source>&amp;Name</source>
        <translation>&amp;نام</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="87"/>
        <source>e.g. Branch managers</source>
        <translation>مثلاً مدیران شعبه‌ها</translation>
    </message>
</context>
<context>
    <name>GroupsModel</name>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="37"/>
        <source>Stakeholder group</source>
        <translation>گروه ذی‌نفعان</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="37"/>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="43"/>
        <source>Built in: named by the app, kept by every station</source>
        <translation>پیش‌ساخته: نامش را برنامه می‌گذارد و همه ایستگاه‌ها آن را دارند</translation>
    </message>
</context>
<context>
    <name>GroupsTab</name>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="178"/>
        <source>Members of %1</source>
        <translation>اعضای %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="179"/>
        <source>Choose a group to see its members</source>
        <translation>یک گروه را برگزینید تا اعضایش را ببینید</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="222"/>
        <source>Archive group: %1</source>
        <translation>بایگانی گروه: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="234"/>
        <source>Add %1 to %2</source>
        <translation>افزودن %1 به %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="244"/>
        <source>Remove %1 from %2</source>
        <translation>حذف %1 از %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="257"/>
        <source>Add group…</source>
        <translation>افزودن گروه…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="258"/>
        <source>Rename…</source>
        <translation>تغییر نام…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="259"/>
        <source>Archive</source>
        <translation>بایگانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="260"/>
        <source>Add member</source>
        <translation>افزودن عضو</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="261"/>
        <source>Remove member</source>
        <translation>حذف عضو</translation>
    </message>
</context>
<context>
    <name>Import</name>
    <message>
        <location filename="../desktop/labels.py" line="519"/>
        <source>“%1” is not an encoding this app knows: try utf-8, utf-16 or cp1256 (Windows Persian).</source>
        <translation>«%1» رمزگذاری‌ای نیست که این برنامه بشناسد: utf-8، utf-16 یا cp1256 (فارسی ویندوز) را امتحان کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="521"/>
        <source>The file cannot be read as %1 (line %2). Say which encoding it was saved in; nothing was imported.</source>
        <translation>پرونده با رمزگذاری %1 خوانده نمی‌شود (سطر %2). بگویید با چه رمزگذاری‌ای ذخیره شده است؛ چیزی وارد نشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="523"/>
        <source>The file is not UTF-8, and it does not read as Persian in the Windows Persian encoding (cp1256) either. Say which encoding it was saved in; nothing was imported.</source>
        <translation>پرونده UTF-8 نیست و با رمزگذاری فارسی ویندوز (cp1256) هم فارسی خوانده نمی‌شود. بگویید با چه رمزگذاری‌ای ذخیره شده است؛ چیزی وارد نشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="526"/>
        <source>The file is empty: its first row must name the columns.</source>
        <translation>پرونده خالی است: سطر نخست آن باید نام ستون‌ها را داشته باشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="527"/>
        <source>The file is not a CSV table that can be read (near line %1).</source>
        <translation>پرونده جدول CSV خواندنی نیست (نزدیک سطر %1).</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="528"/>
        <source>The column “%1” is not one the import knows; nothing was imported. The columns are: %2.</source>
        <translation>ستون «%1» برای ورود شناخته‌شده نیست؛ چیزی وارد نشد. ستون‌ها این‌ها هستند: %2.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="530"/>
        <source>The column “%1” appears twice in the header row.</source>
        <translation>ستون «%1» دو بار در سطر عنوان‌ها آمده است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="531"/>
        <source>The header row has no column “%1”.</source>
        <translation>سطر عنوان‌ها ستون «%1» را ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="532"/>
        <source>The row has more cells than the header row has columns.</source>
        <translation>این سطر از ستون‌های سطر عنوان‌ها خانهٔ بیشتری دارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="534"/>
        <source>The file is not there any more: choose it again.</source>
        <translation>پرونده دیگر آنجا نیست: دوباره انتخابش کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="535"/>
        <source>This file cannot be read (it is a folder, or you may not read it): choose another.</source>
        <translation>این پرونده خوانده نمی‌شود (پوشه است، یا اجازهٔ خواندنش را ندارید): پرونده‌ای دیگر انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="537"/>
        <source>The file is larger than %1 MB, far more than a directory needs: check that it is the right file.</source>
        <translation>پرونده بزرگ‌تر از %1 مگابایت است، بسیار بیش از آنچه یک فهرست لازم دارد: ببینید پروندهٔ درست را انتخاب کرده‌اید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="539"/>
        <source>The import failed (details in crisisroom.log); nothing was written.</source>
        <translation>واردکردن انجام نشد (جزئیات در crisisroom.log)؛ چیزی نوشته نشد.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../desktop/views/directory_import.py" line="271"/>
        <location filename="../desktop/views/directory_import.py" line="682"/>
        <source>Import from CSV</source>
        <translation>واردکردن از CSV</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="272"/>
        <source>CSV files (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>پرونده‌های CSV (*.csv *.tsv *.txt);;همهٔ پرونده‌ها (*)</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="403"/>
        <location filename="../desktop/views/directory_import.py" line="430"/>
        <source>Reading the file…</source>
        <translation>در حال خواندن پرونده…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="487"/>
        <source>Not sure: choose one</source>
        <translation>معلوم نیست: یکی را انتخاب کنید</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="490"/>
        <source>Told from the file: %1</source>
        <translation>تشخیص از روی پرونده: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="492"/>
        <location filename="../desktop/views/directory_import.py" line="697"/>
        <source>Told from the file</source>
        <translation>تشخیص از روی پرونده</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="496"/>
        <location filename="../desktop/views/directory_import.py" line="692"/>
        <source>Windows Persian (cp1256)</source>
        <translation>فارسی ویندوز (cp1256)</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="514"/>
        <source>To add: %1 · to update: %2 · unchanged: %3 · refused: %4</source>
        <translation>افزودنی: %1 · به‌روزرسانی: %2 · بدون تغییر: %3 · ردشده: %4</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="519"/>
        <source>Rows refused: %1, each with its reason below. Correct the file and read it again, or import only the good rows; nothing is written until then.</source>
        <translation>سطرهای ردشده: %1، هر یک با دلیلش در زیر. پرونده را درست کنید و دوباره بخوانید، یا فقط سطرهای درست را وارد کنید؛ تا آن وقت چیزی نوشته نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="523"/>
        <source>Nothing to import: the directory already has every row as the file has it.</source>
        <translation>چیزی برای واردکردن نیست: فهرست همهٔ سطرها را همان‌طور که در پرونده است دارد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="525"/>
        <source>Nothing is written until you press Import.</source>
        <translation>تا «واردکردن» را نزنید چیزی نوشته نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="535"/>
        <source>Imported: %1 added, %2 updated, %3 unchanged, %4 refused.</source>
        <translation>وارد شد: %1 افزوده، %2 به‌روزشده، %3 بدون تغییر، %4 ردشده.</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="564"/>
        <source>Importing…</source>
        <translation>در حال واردکردن…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="567"/>
        <source>Import of %1</source>
        <translation>واردکردن %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="575"/>
        <source>Reading line %1 of %2…</source>
        <translation>خواندن سطر %1 از %2…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="575"/>
        <source>Checking row %1 of %2…</source>
        <translation>بررسی سطر %1 از %2…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="576"/>
        <source>Writing row %1 of %2…</source>
        <translation>نوشتن سطر %1 از %2…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="612"/>
        <source>Line %1: %2</source>
        <translation>سطر %1: %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="666"/>
        <source>Import only the good rows (%1)</source>
        <translation>فقط سطرهای درست را وارد کن (%1)</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="672"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="672"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="683"/>
        <source>The file &amp;holds:</source>
        <translation>&amp;محتوای پرونده:</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="684"/>
        <source>People</source>
        <translation>افراد</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="684"/>
        <source>Services</source>
        <translation>سرویس‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="684"/>
        <source>Stakeholder groups</source>
        <translation>گروه‌های ذی‌نفعان</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="686"/>
        <source>&amp;File:</source>
        <translation>&amp;پرونده:</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="687"/>
        <source>&amp;Choose another file…</source>
        <translation>&amp;انتخاب پرونده‌ای دیگر…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="688"/>
        <source>&amp;Read it again</source>
        <translation>&amp;خواندن دوباره</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="689"/>
        <source>After correcting the file in a spreadsheet program</source>
        <translation>پس از اصلاح پرونده در برنامهٔ صفحه‌گسترده</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="690"/>
        <source>&amp;Encoding:</source>
        <translation>&amp;رمزگذاری:</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="693"/>
        <source>UTF-16 (Unicode text)</source>
        <translation>UTF-16 (متن یونیکد)</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="698"/>
        <source>&amp;Show:</source>
        <translation>&amp;نمایش:</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="699"/>
        <source>All rows</source>
        <translation>همهٔ سطرها</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="699"/>
        <source>Refused</source>
        <translation>ردشده</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="699"/>
        <source>Added</source>
        <translation>افزودنی</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="699"/>
        <source>Updated</source>
        <translation>به‌روزرسانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="700"/>
        <source>Unchanged</source>
        <translation>بدون تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="702"/>
        <source>&amp;Import</source>
        <translation>&amp;واردکردن</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="703"/>
        <source>Writes every row in one step; only when no row is refused</source>
        <translation>همهٔ سطرها را در یک گام می‌نویسد؛ فقط وقتی هیچ سطری رد نشده باشد</translation>
    </message>
</context>
<context>
    <name>IncidentDetailPage</name>
    <message>
        <location filename="../desktop/views/incident.py" line="315"/>
        <source>None linked</source>
        <translation>پیوندی ندارد</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="317"/>
        <source>Edit the problem record…</source>
        <translation>ویرایش رکورد مشکل…</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="317"/>
        <source>Edit the change record…</source>
        <translation>ویرایش رکورد تغییر…</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="345"/>
        <source>The incident is already %1.</source>
        <translation>حادثه هم‌اکنون %1 است.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="346"/>
        <source>A closed or cancelled incident does not change any more.</source>
        <translation>حادثه بسته‌شده یا لغوشده دیگر تغییر نمی‌کند.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="347"/>
        <source>Not possible while the incident is %1.</source>
        <translation>تا وقتی حادثه %1 است ممکن نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="348"/>
        <source>Already acknowledged.</source>
        <translation>دریافت پیش‌تر تأیید شده است.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="349"/>
        <source>Only a declared incident can be acknowledged.</source>
        <translation>فقط دریافت حادثه اعلام‌شده را می‌توان تأیید کرد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="350"/>
        <source>Only for a proposed incident.</source>
        <translation>فقط برای حادثه پیشنهادی.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="351"/>
        <source>Only a resolved incident can be reopened.</source>
        <translation>فقط حادثه رفع‌شده بازگشایی می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="370"/>
        <source>Saved.</source>
        <translation>ذخیره شد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="378"/>
        <source>Edit %1 (%2)</source>
        <translation>ویرایش %1 (%2)</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="411"/>
        <source>No change record</source>
        <translation>بدون رکورد تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="414"/>
        <source>Resolved</source>
        <translation>رفع‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="414"/>
        <source>Which change record carried the fix?</source>
        <translation>رفع با کدام رکورد تغییر انجام شد؟</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="422"/>
        <source>There is no open incident to merge into.</source>
        <translation>حادثه بازی برای ادغام وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="424"/>
        <source>Mark as duplicate</source>
        <translation>علامت‌گذاری به‌عنوان تکراری</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="424"/>
        <source>Duplicate of:</source>
        <translation>تکراریِ:</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="439"/>
        <source>Open a problem record</source>
        <translation>ایجاد رکورد مشکل</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="440"/>
        <source>Open a change record</source>
        <translation>ایجاد رکورد تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="441"/>
        <source>Edit the problem record</source>
        <translation>ویرایش رکورد مشکل</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="442"/>
        <source>Edit the change record</source>
        <translation>ویرایش رکورد تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="444"/>
        <source>Title:</source>
        <translation>عنوان:</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="487"/>
        <source>Copied: %1</source>
        <translation>رونوشت شد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="490"/>
        <source>Lifecycle</source>
        <translation>چرخه عمر</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="491"/>
        <source>Incident</source>
        <translation>حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="492"/>
        <source>Problem and change</source>
        <translation>مشکل و تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="493"/>
        <source>Post-incident review</source>
        <translation>بازبینی پس از حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="494"/>
        <source>Accept and declare</source>
        <translation>پذیرش و اعلام</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="494"/>
        <source>Acknowledge</source>
        <translation>تأیید دریافت</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="495"/>
        <source>Contained</source>
        <translation>مهارشده</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="495"/>
        <source>Resolved…</source>
        <translation>رفع‌شده…</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="496"/>
        <source>Start review</source>
        <translation>شروع بازبینی</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="496"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="497"/>
        <source>Reopen</source>
        <translation>بازگشایی</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="497"/>
        <source>Cancel / reject</source>
        <translation>لغو / رد</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="498"/>
        <source>Mark as duplicate…</source>
        <translation>علامت تکراری…</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="503"/>
        <source>Problem record</source>
        <translation>رکورد مشکل</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="503"/>
        <source>Change record</source>
        <translation>رکورد تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="504"/>
        <source>Open</source>
        <translation>باز کردن</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="505"/>
        <location filename="../desktop/views/incident.py" line="506"/>
        <source>Copy</source>
        <translation>رونوشت</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="509"/>
        <source>A drill: not counted in the metrics</source>
        <translation>تمرین: در شاخص‌ها شمرده نمی‌شود</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="319"/>
        <source>Open a problem record…</source>
        <translation>ایجاد رکورد مشکل…</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="92"/>
        <source>The detection time could not be read: type it as year/month/day hour:minute.</source>
        <translation>زمان تشخیص خوانده نشد: آن را به شکل سال/ماه/روز ساعت:دقیقه بنویسید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="185"/>
        <source>The SLA target is a whole number of minutes.</source>
        <translation>هدف SLA عددی صحیح به دقیقه است.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="293"/>
        <source>Next status update to stakeholders: %1</source>
        <translation>گزارش وضعیت بعدی به ذی‌نفعان: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="304"/>
        <source>%1: assign on the Team page.</source>
        <translation>%1؛ در صفحه تیم واگذار کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="319"/>
        <source>Open a change record…</source>
        <translation>ایجاد رکورد تغییر…</translation>
    </message>
    <message>
        <location filename="../desktop/views/incident.py" line="508"/>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
</context>
<context>
    <name>Inputs</name>
    <message>
        <location filename="../desktop/views/inputs.py" line="50"/>
        <source>At most %1 characters fit here; the rest was not taken.</source>
        <translation>اینجا حداکثر %1 نویسه جا می‌گیرد؛ بقیه گرفته نشد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/inputs.py" line="293"/>
        <source>minutes</source>
        <translation>دقیقه</translation>
    </message>
</context>
<context>
    <name>JoinForm</name>
    <message>
        <location filename="../desktop/views/welcome.py" line="316"/>
        <source>%1 “Join anyway” makes the station now: it syncs as soon as the hub answers.</source>
        <translation>%1 «با این حال بپیوند» ایستگاه را همین حالا می‌سازد: به‌محض پاسخ هاب همگام می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="323"/>
        <source>&amp;Join anyway and work offline</source>
        <translation>&amp;با این حال بپیوند و آفلاین کار کن</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="323"/>
        <source>&amp;Join the hub</source>
        <translation>&amp;پیوستن به هاب</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="326"/>
        <source>Creating the station…</source>
        <translation>در حال ساختن ایستگاه…</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="340"/>
        <source>Join your organisation&apos;s hub</source>
        <translation>پیوستن به هاب سازمان شما</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="341"/>
        <source>Paste the line the hub&apos;s administrator got from “crisisroom hub add-station” for this station, or fill in the address. This station starts empty and takes the incidents, people and services from the hub; then you say who you are.</source>
        <translation>خطی را که مدیر هاب برای این ایستگاه از «crisisroom hub add-station» گرفته است بچسبانید، یا نشانی را پر کنید. این ایستگاه خالی شروع می‌شود و حادثه‌ها، افراد و سرویس‌ها را از هاب می‌گیرد؛ سپس می‌گویید چه کسی هستید.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../desktop/labels.py" line="38"/>
        <location filename="../desktop/labels.py" line="235"/>
        <source>Critical</source>
        <translation>بحرانی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="38"/>
        <location filename="../desktop/labels.py" line="82"/>
        <location filename="../desktop/labels.py" line="159"/>
        <location filename="../desktop/labels.py" line="235"/>
        <source>High</source>
        <translation>بالا</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="39"/>
        <location filename="../desktop/labels.py" line="159"/>
        <location filename="../desktop/labels.py" line="236"/>
        <source>Medium</source>
        <translation>متوسط</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="39"/>
        <location filename="../desktop/labels.py" line="83"/>
        <location filename="../desktop/labels.py" line="160"/>
        <location filename="../desktop/labels.py" line="236"/>
        <source>Low</source>
        <translation>پایین</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="45"/>
        <source>Proposed</source>
        <translation>پیشنهادی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="45"/>
        <location filename="../desktop/labels.py" line="215"/>
        <source>Declared</source>
        <translation>اعلام‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="46"/>
        <location filename="../desktop/labels.py" line="217"/>
        <source>Contained</source>
        <translation>مهارشده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="46"/>
        <location filename="../desktop/labels.py" line="218"/>
        <source>Resolved</source>
        <translation>رفع‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="47"/>
        <source>Under review</source>
        <translation>در حال بازبینی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="47"/>
        <location filename="../desktop/labels.py" line="190"/>
        <location filename="../desktop/labels.py" line="219"/>
        <source>Closed</source>
        <translation>بسته‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="48"/>
        <source>Cancelled</source>
        <translation>لغوشده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="54"/>
        <source>Identification</source>
        <translation>شناسایی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="54"/>
        <source>Containment</source>
        <translation>مهار</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="55"/>
        <source>Resolution</source>
        <translation>رفع</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="55"/>
        <source>Maintenance</source>
        <translation>نگهداشت و بازیابی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="57"/>
        <source>Review</source>
        <translation>بازبینی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="63"/>
        <source>Incident commander</source>
        <translation>فرمانده حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="64"/>
        <source>Communications lead</source>
        <translation>مسئول ارتباطات</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="65"/>
        <source>Technical lead</source>
        <translation>سرپرست فنی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="65"/>
        <source>Scribe</source>
        <translation>ثبت‌کننده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="66"/>
        <source>SLA manager</source>
        <translation>مسئول SLA</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="67"/>
        <source>Subject-matter expert</source>
        <translation>کارشناس موضوعی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="68"/>
        <source>External expert</source>
        <translation>کارشناس بیرونی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="74"/>
        <source>To do</source>
        <translation>انجام‌نشده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="74"/>
        <source>In progress</source>
        <translation>در حال انجام</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="75"/>
        <source>Blocked</source>
        <translation>مسدود</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="75"/>
        <source>Done</source>
        <translation>انجام‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="82"/>
        <source>Urgent</source>
        <translation>فوری</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="83"/>
        <source>Normal</source>
        <translation>عادی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="89"/>
        <source>Technician</source>
        <translation>تکنسین</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="89"/>
        <source>Hotline</source>
        <translation>خط تماس ویژه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="90"/>
        <source>Monitoring</source>
        <translation>پایش</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="90"/>
        <source>Rule</source>
        <translation>قاعده خودکار</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="91"/>
        <source>Intake</source>
        <translation>میز پذیرش درخواست</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="97"/>
        <source>Title</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="97"/>
        <source>Description</source>
        <translation>شرح</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="98"/>
        <source>Severity</source>
        <translation>شدت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="98"/>
        <source>Impact</source>
        <translation>اثر</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="99"/>
        <source>Urgency</source>
        <translation>فوریت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="99"/>
        <source>Reported via</source>
        <translation>کانال گزارش</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="100"/>
        <source>Detected at</source>
        <translation>زمان تشخیص</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="100"/>
        <source>Conference bridge</source>
        <translation>پل کنفرانس</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="101"/>
        <source>Bridge phone</source>
        <translation>تلفن پل کنفرانس</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="101"/>
        <source>Bridge PIN</source>
        <translation>کد ورود پل کنفرانس</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="102"/>
        <source>War room</source>
        <translation>اتاق بحران</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="102"/>
        <source>SLA target</source>
        <translation>هدف SLA</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="103"/>
        <source>Summary</source>
        <translation>خلاصه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="103"/>
        <source>Business impact</source>
        <translation>اثر بر کسب‌وکار</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="104"/>
        <source>Root cause</source>
        <translation>علت ریشه‌ای</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="104"/>
        <source>What went well</source>
        <translation>آنچه خوب پیش رفت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="105"/>
        <source>What went wrong</source>
        <translation>آنچه بد پیش رفت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="105"/>
        <source>Where we got lucky</source>
        <translation>جایی که شانس آوردیم</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="106"/>
        <source>Lessons learned</source>
        <translation>درس‌آموخته‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="107"/>
        <location filename="../desktop/labels.py" line="139"/>
        <source>Affected services</source>
        <translation>سرویس‌های آسیب‌دیده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="110"/>
        <source>Five whys</source>
        <translation>پنج چرا</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="111"/>
        <source>Contributing factors</source>
        <translation>عوامل مؤثر</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="112"/>
        <source>Workaround</source>
        <translation>راه‌حل موقت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="113"/>
        <source>Known error</source>
        <translation>خطای شناخته‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="114"/>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="114"/>
        <source>Plan</source>
        <translation>برنامه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="115"/>
        <source>Risk</source>
        <translation>ریسک</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="116"/>
        <source>Why this risk</source>
        <translation>چرا این ریسک</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="117"/>
        <source>Rollback plan</source>
        <translation>برنامه بازگشت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="118"/>
        <source>Approval</source>
        <translation>تأیید</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="119"/>
        <source>Approved by</source>
        <translation>تأییدکننده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="120"/>
        <source>Approved at</source>
        <translation>زمان تأیید</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="121"/>
        <source>Scheduled for</source>
        <translation>زمان‌بندی‌شده برای</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="122"/>
        <source>Implemented at</source>
        <translation>زمان پیاده‌سازی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="123"/>
        <source>Outcome</source>
        <translation>نتیجه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="125"/>
        <source>Details</source>
        <translation>جزئیات</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="125"/>
        <source>Owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="126"/>
        <source>Due time</source>
        <translation>مهلت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="126"/>
        <source>Priority</source>
        <translation>اولویت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="128"/>
        <source>Exercise (drill)</source>
        <translation>تمرین (مانور)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="134"/>
        <source>Incident</source>
        <translation>حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="136"/>
        <source>Problem record</source>
        <translation>رکورد مشکل</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="137"/>
        <source>Change record</source>
        <translation>رکورد تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="138"/>
        <source>Timeline entry</source>
        <translation>رویداد خط زمانی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="140"/>
        <source>Person</source>
        <translation>فرد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="140"/>
        <source>Service</source>
        <translation>سرویس</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="141"/>
        <source>Stakeholder group</source>
        <translation>گروه ذی‌نفعان</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="142"/>
        <source>Team</source>
        <translation>تیم</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="143"/>
        <source>Group member</source>
        <translation>عضو گروه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="144"/>
        <source>Notification</source>
        <translation>اعلان</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="150"/>
        <source>Note</source>
        <translation>یادداشت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="188"/>
        <source>Open: root cause being analysed</source>
        <translation>باز: علت ریشه‌ای در حال تحلیل</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="189"/>
        <source>Root cause found</source>
        <translation>علت ریشه‌ای پیدا شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="208"/>
        <source>Desktop notification</source>
        <translation>اعلان روی میزکار</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="216"/>
        <source>Severity changed</source>
        <translation>تغییر شدت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="220"/>
        <source>Commander changed</source>
        <translation>تغییر فرمانده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="221"/>
        <source>Status update</source>
        <translation>گزارش وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="245"/>
        <source>%1 or %2</source>
        <translation>%1 و %2</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="247"/>
        <source>%1 severity without %2</source>
        <translation>حادثه با شدت %1 بدون %2</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="254"/>
        <source>breached by %1</source>
        <translation>نقض به‌مدت %1</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="255"/>
        <source>%1 left</source>
        <translation>%1 مانده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="262"/>
        <source>The status page folder %1 does not exist; nothing was written. Choose another in File ▸ Stakeholder messages.</source>
        <translation>پوشه صفحه وضعیت %1 وجود ندارد؛ چیزی نوشته نشد. پوشه دیگری در پرونده ▸ پیام‌های ذی‌نفعان برگزینید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="264"/>
        <source>%1 is a file, not a folder: the status page was not written.</source>
        <translation>%1 پرونده است نه پوشه: صفحه وضعیت نوشته نشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="265"/>
        <source>The status page cannot be written in %1 (no permission, or a read-only disk or share); the messages wait.</source>
        <translation>صفحه وضعیت را نمی‌توان در %1 نوشت (دسترسی نیست، یا دیسک یا پوشه اشتراکی فقط‌خواندنی است)؛ پیام‌ها منتظر می‌مانند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="267"/>
        <source>index.html in %1 is not a regular file; the status page was not written.</source>
        <translation>‏index.html در %1 پرونده عادی نیست؛ صفحه وضعیت نوشته نشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="269"/>
        <source>The status page could not be written in %1 (details in crisisroom.log); it is tried again.</source>
        <translation>صفحه وضعیت در %1 نوشته نشد (جزئیات در crisisroom.log)؛ دوباره تلاش می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="277"/>
        <source>overdue by %1</source>
        <translation>%1 عقب</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="278"/>
        <source>in %1</source>
        <translation>تا %1</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="108"/>
        <location filename="../desktop/labels.py" line="150"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="150"/>
        <source>Edit</source>
        <translation>ویرایش</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="135"/>
        <location filename="../desktop/labels.py" line="151"/>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="134"/>
        <location filename="../desktop/labels.py" line="151"/>
        <source>Task</source>
        <translation>وظیفه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="151"/>
        <source>Record</source>
        <translation>رکورد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="152"/>
        <source>Communication</source>
        <translation>اطلاع‌رسانی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="152"/>
        <source>Sync conflict</source>
        <translation>تعارض همگام‌سازی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="153"/>
        <source>Undo</source>
        <translation>واگرد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="170"/>
        <source>Pending approval</source>
        <translation>در انتظار تأیید</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="171"/>
        <source>Approved</source>
        <translation>تأییدشده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="172"/>
        <source>Rejected</source>
        <translation>ردشده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="173"/>
        <source>Emergency change</source>
        <translation>تغییر اضطراری</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="179"/>
        <source>Successful</source>
        <translation>موفق</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="180"/>
        <source>Failed</source>
        <translation>ناموفق</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="181"/>
        <source>Rolled back</source>
        <translation>بازگردانده‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="196"/>
        <source>Technical team</source>
        <translation>تیم فنی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="197"/>
        <source>Management</source>
        <translation>مدیریت ارشد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="198"/>
        <source>Key stakeholders</source>
        <translation>ذی‌نفعان کلیدی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="199"/>
        <source>Users</source>
        <translation>کاربران</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="200"/>
        <source>Custom group</source>
        <translation>گروه سفارشی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="206"/>
        <source>Email</source>
        <translation>ایمیل</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="206"/>
        <source>SMS</source>
        <translation>پیامک</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="207"/>
        <source>Status page</source>
        <translation>صفحه وضعیت</translation>
    </message>
</context>
<context>
    <name>Mail</name>
    <message>
        <location filename="../desktop/labels.py" line="584"/>
        <source>Draft</source>
        <translation>پیش‌نویس</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="584"/>
        <source>Queued</source>
        <translation>در صف</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="585"/>
        <source>Sending</source>
        <translation>در حال فرستادن</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="585"/>
        <source>Sent</source>
        <translation>فرستاده‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="586"/>
        <source>Not sent</source>
        <translation>فرستاده‌نشده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="587"/>
        <source>May have arrived</source>
        <translation>شاید رسیده باشد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="588"/>
        <source>Discarded</source>
        <translation>کنارگذاشته</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="599"/>
        <source>The mail server accepted the message.</source>
        <translation>سرور ایمیل پیام را پذیرفت.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="600"/>
        <source>The message&apos;s words were changed at another station after it was queued here: not sent.</source>
        <translation>متن پیام پس از قرار گرفتن در صف این ایستگاه، در ایستگاه دیگری تغییر کرد: فرستاده نشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="602"/>
        <source>This address was added to the message by another station: it is not mailed from here.</source>
        <translation>این نشانی را ایستگاه دیگری به پیام افزوده است: از اینجا به آن ایمیل فرستاده نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="604"/>
        <source>This person has no email address in the directory.</source>
        <translation>این فرد در فهرست افراد نشانی ایمیل ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="605"/>
        <source>This person&apos;s email address is not valid.</source>
        <translation>نشانی ایمیل این فرد معتبر نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="606"/>
        <source>The mail server refused the message for this address; it is not sent again.</source>
        <translation>سرور ایمیل پیام را برای این نشانی نپذیرفت؛ دوباره فرستاده نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="608"/>
        <source>The mail server asked to try again later; it will be.</source>
        <translation>سرور ایمیل خواست بعداً دوباره تلاش شود؛ چنین می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="609"/>
        <source>The mail server cannot be reached; messages wait and are sent when it can be.</source>
        <translation>سرور ایمیل در دسترس نیست؛ پیام‌ها منتظر می‌مانند و هر وقت در دسترس شد فرستاده می‌شوند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="611"/>
        <source>The mail server did not answer in time; messages wait and are tried again.</source>
        <translation>سرور ایمیل به‌موقع پاسخ نداد؛ پیام‌ها منتظر می‌مانند و دوباره تلاش می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="613"/>
        <source>The mail server and this station do not agree on encryption (TLS): check the security setting and the port.</source>
        <translation>سرور ایمیل و این ایستگاه بر سر رمزنگاری (TLS) توافق ندارند: تنظیم امنیت و درگاه را بررسی کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="615"/>
        <source>The mail server did not accept the user name or password; messages wait until the mail settings are corrected.</source>
        <translation>سرور ایمیل نام کاربری یا گذرواژه را نپذیرفت؛ پیام‌ها تا اصلاح تنظیمات ایمیل منتظر می‌مانند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="617"/>
        <source>The mail server refused the sender&apos;s address; messages wait until the mail settings are corrected.</source>
        <translation>سرور ایمیل نشانی فرستنده را نپذیرفت؛ پیام‌ها تا اصلاح تنظیمات ایمیل منتظر می‌مانند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="619"/>
        <source>The mail server does not offer what the settings ask for (a login or encryption).</source>
        <translation>سرور ایمیل آنچه تنظیمات می‌خواهد (ورود یا رمزنگاری) را فراهم نمی‌کند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="621"/>
        <source>The connection to the mail server was lost; messages wait and are tried again.</source>
        <translation>اتصال به سرور ایمیل قطع شد؛ پیام‌ها منتظر می‌مانند و دوباره تلاش می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="623"/>
        <source>Sending was interrupted: the message may have arrived. Check with the person before sending it again.</source>
        <translation>فرستادن نیمه‌کاره ماند: شاید پیام رسیده باشد. پیش از فرستادن دوباره، از خود فرد بپرسید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="625"/>
        <source>No mail server is set for this station: messages wait until one is.</source>
        <translation>برای این ایستگاه سرور ایمیلی تنظیم نشده است: پیام‌ها تا تنظیم آن منتظر می‌مانند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="627"/>
        <source>Mail delivery failed (details in crisisroom.log); it is tried again.</source>
        <translation>فرستادن ایمیل ناموفق بود (جزئیات در crisisroom.log)؛ دوباره تلاش می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="629"/>
        <source>The mail server could not be used (%1).</source>
        <translation>استفاده از سرور ایمیل ممکن نشد (%1).</translation>
    </message>
    <message>
        <location filename="../desktop/mail_delivery.py" line="209"/>
        <source>Crisis Room: test message</source>
        <translation>اتاق بحران: پیام آزمایشی</translation>
    </message>
    <message>
        <location filename="../desktop/mail_delivery.py" line="210"/>
        <source>This is a test message from Crisis Room. The mail settings of this station work.</source>
        <translation>این پیامی آزمایشی از اتاق بحران است. تنظیمات ایمیل این ایستگاه کار می‌کند.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../desktop/app.py" line="103"/>
        <location filename="../desktop/views/mainwindow.py" line="258"/>
        <location filename="../desktop/views/mainwindow.py" line="409"/>
        <source>Crisis Room</source>
        <translation>اتاق بحران</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="259"/>
        <source>&amp;File</source>
        <translation>&amp;پرونده</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="260"/>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="261"/>
        <source>Export &amp;postmortem (PDF)…</source>
        <translation>&amp;خروجی PDF گزارش پس از حادثه…</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="265"/>
        <source>&amp;Declare major incident…</source>
        <translation>&amp;اعلام حادثه مهم…</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="266"/>
        <source>&amp;Report suspected major incident…</source>
        <translation>&amp;گزارش حادثه مهم احتمالی…</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="267"/>
        <source>&amp;Edit</source>
        <translation>&amp;ویرایش</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="241"/>
        <source>&amp;Undo</source>
        <translation>&amp;واگرد</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="241"/>
        <source>&amp;Undo: %1</source>
        <translation>&amp;واگرد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="245"/>
        <source>&amp;Redo</source>
        <translation>&amp;ازنو</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="245"/>
        <source>&amp;Redo: %1</source>
        <translation>&amp;ازنو: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="257"/>
        <source>Crisis Room — demo data (not connected to any hub)</source>
        <translation>اتاق بحران — داده نمایشی (به هیچ هابی وصل نیست)</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="262"/>
        <source>Sync &amp;hub…</source>
        <translation>&amp;هاب همگام‌سازی…</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="263"/>
        <source>This &amp;station…</source>
        <translation>این &amp;ایستگاه…</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="264"/>
        <source>Stakeholder &amp;messages…</source>
        <translation>&amp;پیام‌های ذی‌نفعان…</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="270"/>
        <source>&amp;View</source>
        <translation>&amp;نما</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="271"/>
        <source>&amp;Language</source>
        <translation>&amp;زبان</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="272"/>
        <source>Board</source>
        <translation>تابلوی زنده</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="272"/>
        <source>Team</source>
        <translation>تیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="272"/>
        <source>Tasks</source>
        <translation>وظایف</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="272"/>
        <source>Timeline</source>
        <translation>خط زمانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="272"/>
        <source>Incident</source>
        <translation>حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="273"/>
        <source>Directory</source>
        <translation>فهرست افراد و سرویس‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="273"/>
        <source>Communications</source>
        <translation>ارتباطات</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="273"/>
        <source>Review</source>
        <translation>بازبینی</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="273"/>
        <source>Follow-ups</source>
        <translation>پیگیری‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="274"/>
        <source>All tasks</source>
        <translation>همهٔ وظایف</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="274"/>
        <source>Metrics</source>
        <translation>شاخص‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="282"/>
        <source>Station %1 · demo data</source>
        <translation>ایستگاه %1 · داده نمایشی</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="283"/>
        <source>Station %1</source>
        <translation>ایستگاه %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="321"/>
        <source>No incident selected</source>
        <translation>هیچ حادثه‌ای انتخاب نشده است</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="391"/>
        <source>Select an incident first.</source>
        <translation>نخست یک حادثه را انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="400"/>
        <source>Postmortem written to %1 (%2 pages)</source>
        <translation>گزارش پس از حادثه در %1 نوشته شد (%2 صفحه)</translation>
    </message>
    <message>
        <location filename="../desktop/views/mainwindow.py" line="285"/>
        <source>This database is read-only: you can look but not change anything</source>
        <translation>این پایگاه‌داده فقط خواندنی است: می‌توانید ببینید اما چیزی را نمی‌توانید تغییر دهید</translation>
    </message>
</context>
<context>
    <name>MeasureModel</name>
    <message>
        <location filename="../desktop/views/metrics.py" line="118"/>
        <source>Measure</source>
        <translation>شاخص</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="118"/>
        <source>This period</source>
        <translation>این دوره</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="118"/>
        <source>Previous period</source>
        <translation>دورهٔ پیش</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="119"/>
        <source>Change</source>
        <translation>تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="123"/>
        <source>Time in %1</source>
        <translation>زمان در %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="124"/>
        <source>Major incidents</source>
        <translation>حوادث مهم</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="124"/>
        <source>MTTA (mean time to acknowledge)</source>
        <translation>MTTA (میانگین زمان تا تأیید دریافت)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="125"/>
        <source>MTTR (mean time to resolve)</source>
        <translation>MTTR (میانگین زمان تا رفع)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="126"/>
        <source>Mean time between major incidents</source>
        <translation>میانگین زمان بین حوادث مهم</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="127"/>
        <source>SLA breaches</source>
        <translation>نقض‌های SLA</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="131"/>
        <location filename="../desktop/views/metrics.py" line="138"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="140"/>
        <source>= no change</source>
        <translation>= بی‌تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="143"/>
        <source>▲ up from none</source>
        <translation>▲ از هیچ بالا رفت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="145"/>
        <source>▲ %1 more</source>
        <translation>▲ %1 بیشتر</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="145"/>
        <source>▼ %1 less</source>
        <translation>▼ %1 کمتر</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="159"/>
        <source>Better than the previous period</source>
        <translation>بهتر از دورهٔ پیش</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="159"/>
        <source>Worse than the previous period</source>
        <translation>بدتر از دورهٔ پیش</translation>
    </message>
</context>
<context>
    <name>MemberModel</name>
    <message>
        <location filename="../desktop/views/metrics.py" line="213"/>
        <source>Reference</source>
        <translation>شناسه</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="213"/>
        <source>Title</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="213"/>
        <source>Severity</source>
        <translation>شدت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="214"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="214"/>
        <source>Declared</source>
        <translation>زمان اعلام</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="214"/>
        <source>Time to acknowledge</source>
        <translation>زمان تا تأیید دریافت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="215"/>
        <source>Time to resolve</source>
        <translation>زمان تا رفع</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="230"/>
        <source>—</source>
        <translation>—</translation>
    </message>
</context>
<context>
    <name>MembersModel</name>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="53"/>
        <source>Member</source>
        <translation>عضو</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="53"/>
        <source>Job title</source>
        <translation>سمت</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_groups.py" line="53"/>
        <source>Team</source>
        <translation>تیم</translation>
    </message>
</context>
<context>
    <name>MessagesModel</name>
    <message>
        <location filename="../desktop/views/comms.py" line="74"/>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="74"/>
        <source>About</source>
        <translation>درباره</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="74"/>
        <source>Audience</source>
        <translation>مخاطبان</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="75"/>
        <source>Channel</source>
        <translation>کانال</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="75"/>
        <source>Time</source>
        <translation>زمان</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="75"/>
        <source>Recipients</source>
        <translation>گیرندگان</translation>
    </message>
</context>
<context>
    <name>MetricsPage</name>
    <message>
        <location filename="../desktop/views/metrics.py" line="462"/>
        <source>The date could not be read: type it as year/month/day.</source>
        <translation>تاریخ خوانده نشد: به شکل سال/ماه/روز بنویسید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="519"/>
        <source>The range ends before it starts.</source>
        <translation>بازه پیش از آغازش پایان می‌یابد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="550"/>
        <source>Quarter %1 of %2</source>
        <translation>فصل %1 سال %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="552"/>
        <source>Year %1</source>
        <translation>سال %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="554"/>
        <source>All time</source>
        <translation>همهٔ زمان‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="555"/>
        <source>%1 to %2</source>
        <translation>%1 تا %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="606"/>
        <location filename="../desktop/views/metrics.py" line="807"/>
        <source>Click a bar or a row to list its incidents; double-click one to open it.</source>
        <translation>روی میله یا سطری کلیک کنید تا حادثه‌هایش فهرست شود؛ برای باز کردن هر کدام دوبار کلیک کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="612"/>
        <source>%1 exercises (drills) in this period, not counted in the figures</source>
        <translation>%1 تمرین در این دوره، در شاخص‌ها شمرده نشده</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="613"/>
        <source>No exercises (drills) in this period</source>
        <translation>در این دوره تمرینی نبود</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="635"/>
        <source>Major incidents per month (bars) and MTTR in hours (line)</source>
        <translation>حوادث مهم در هر ماه (میله) و MTTR به ساعت (خط)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="637"/>
        <source>%1 h</source>
        <translation>%1 ساعت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="640"/>
        <source>Major incidents per service</source>
        <translation>حوادث مهم هر سرویس</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="642"/>
        <source>Time to resolve (incidents)</source>
        <translation>زمان تا رفع (شمار حادثه‌ها)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="655"/>
        <location filename="../desktop/views/metrics.py" line="684"/>
        <location filename="../desktop/views/metrics.py" line="732"/>
        <source>None</source>
        <translation>هیچ</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="661"/>
        <source>≤ %1 h</source>
        <translation>≤ %1 ساعت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="662"/>
        <source>%1–%2 h</source>
        <translation>%1 تا %2 ساعت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="663"/>
        <source>&gt; %1 h</source>
        <translation>بیش از %1 ساعت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="711"/>
        <source>Exercises (drills), not counted</source>
        <translation>تمرین‌ها (مانورها)، شمرده‌نشده</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="715"/>
        <source>%1: %2 incidents (double-click one to open it)</source>
        <translation>%1: %2 حادثه (برای باز کردن دوبار کلیک کنید)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="726"/>
        <source>Group</source>
        <translation>گروه</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="726"/>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="726"/>
        <source>Major incidents</source>
        <translation>حوادث مهم</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="727"/>
        <source>MTTA (seconds)</source>
        <translation>MTTA (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="727"/>
        <source>MTTR (seconds)</source>
        <translation>MTTR (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="728"/>
        <source>Mean time between major incidents (seconds)</source>
        <translation>میانگین زمان بین حوادث مهم (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="729"/>
        <source>SLA breaches</source>
        <translation>نقض‌های SLA</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="729"/>
        <source>Previous period: major incidents</source>
        <translation>دورهٔ پیش: حوادث مهم</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="730"/>
        <source>Previous period: MTTR (seconds)</source>
        <translation>دورهٔ پیش: MTTR (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="730"/>
        <source>Overall</source>
        <translation>همه</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="731"/>
        <source>Service</source>
        <translation>سرویس</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="731"/>
        <source>Severity</source>
        <translation>شدت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="732"/>
        <source>Incident commander</source>
        <translation>فرمانده حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="732"/>
        <source>Reference</source>
        <translation>شناسه</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="733"/>
        <source>Title</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="733"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="733"/>
        <source>Declared</source>
        <translation>زمان اعلام</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="734"/>
        <source>Declared (UTC, ISO 8601)</source>
        <translation>زمان اعلام (UTC، ISO 8601)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="734"/>
        <source>Time to acknowledge (seconds)</source>
        <translation>زمان تا تأیید دریافت (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="735"/>
        <source>Time to resolve (seconds)</source>
        <translation>زمان تا رفع (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="735"/>
        <source>Services</source>
        <translation>سرویس‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="749"/>
        <source>metrics</source>
        <translation>شاخص‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="749"/>
        <source>metrics-incidents</source>
        <translation>شاخص‌ها-حادثه‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="750"/>
        <source>Export the metrics</source>
        <translation>خروجی شاخص‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="751"/>
        <source>CSV files (*.csv)</source>
        <translation>پرونده‌های CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="763"/>
        <source>%1 rows written to %2.</source>
        <translation>%1 سطر در %2 نوشته شد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="777"/>
        <source>Month</source>
        <translation>ماه</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="777"/>
        <source>Quarter</source>
        <translation>فصل</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="777"/>
        <source>Year</source>
        <translation>سال</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="777"/>
        <source>Date range</source>
        <translation>بازهٔ تاریخ</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="781"/>
        <source>Previous</source>
        <translation>قبلی</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="782"/>
        <source>Next</source>
        <translation>بعدی</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="786"/>
        <source>to</source>
        <translation>تا</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="791"/>
        <source>List the exercises</source>
        <translation>فهرست تمرین‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="792"/>
        <source>Export the figures (CSV)…</source>
        <translation>خروجی شاخص‌ها (CSV)…</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="793"/>
        <source>Export the incidents (CSV)…</source>
        <translation>خروجی حادثه‌ها (CSV)…</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="795"/>
        <source>Per service</source>
        <translation>بر پایهٔ سرویس</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="795"/>
        <source>Per severity</source>
        <translation>بر پایهٔ شدت</translation>
    </message>
    <message>
        <location filename="../desktop/views/metrics.py" line="796"/>
        <source>Per incident commander</source>
        <translation>بر پایهٔ فرمانده حادثه</translation>
    </message>
</context>
<context>
    <name>NewOrganisationForm</name>
    <message>
        <location filename="../desktop/views/welcome.py" line="163"/>
        <source>Give the station a name, e.g. Central crisis room.</source>
        <translation>برای ایستگاه نامی بنویسید، مثلاً «اتاق بحران مرکزی».</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="165"/>
        <source>Choose a short code: 1 to 8 Latin letters or digits, e.g. HQ. It starts this station&apos;s incident references.</source>
        <translation>یک کد کوتاه انتخاب کنید: ۱ تا ۸ حرف لاتین یا رقم، مثلاً HQ. شمارهٔ حادثه‌های این ایستگاه با آن شروع می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="168"/>
        <source>Type your full name: every edit and timeline entry names the person who made it.</source>
        <translation>نام و نام خانوادگی خود را بنویسید: هر ویرایش و هر رویداد خط زمانی نام کسی را دارد که آن را انجام داده است.</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="189"/>
        <source>&amp;Create the station</source>
        <translation>&amp;ساختن ایستگاه</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="192"/>
        <source>Creating the station…</source>
        <translation>در حال ساختن ایستگاه…</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="195"/>
        <source>A new organisation</source>
        <translation>سازمان تازه</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="196"/>
        <source>An empty station, and you the first person in its directory. Add your people, teams and services afterwards; other stations join through a hub.</source>
        <translation>ایستگاهی خالی، و شما نخستین فرد فهرست افراد آن. افراد، تیم‌ها و سرویس‌های خود را پس از آن بیفزایید؛ ایستگاه‌های دیگر از راه هاب می‌پیوندند.</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="198"/>
        <source>Station name</source>
        <translation>نام ایستگاه</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="198"/>
        <source>Short code</source>
        <translation>کد کوتاه</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="198"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="199"/>
        <source>Your full name</source>
        <translation>نام و نام خانوادگی شما</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="202"/>
        <source>e.g. Central crisis room</source>
        <translation>مثلاً اتاق بحران مرکزی</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="206"/>
        <source>the person operating this station now</source>
        <translation>کسی که اکنون با این ایستگاه کار می‌کند</translation>
    </message>
</context>
<context>
    <name>OperatorSignIn</name>
    <message>
        <location filename="../desktop/views/operator_sign_in.py" line="70"/>
        <location filename="../desktop/views/operator_sign_in.py" line="113"/>
        <source>— choose —</source>
        <translation>— انتخاب کنید —</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_sign_in.py" line="81"/>
        <source>Add %1</source>
        <translation>افزودن %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_sign_in.py" line="86"/>
        <source>Choose your name, or type it if you are not in the list.</source>
        <translation>نام خود را انتخاب کنید، یا اگر در فهرست نیستید آن را بنویسید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_sign_in.py" line="106"/>
        <source>Who is operating this station?</source>
        <translation>چه کسی با این ایستگاه کار می‌کند؟</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_sign_in.py" line="107"/>
        <source>The directory is still arriving from the hub: your name appears in the list as soon as it does.</source>
        <translation>فهرست افراد هنوز از هاب در راه است: نام شما به‌محض رسیدن در فهرست دیده می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_sign_in.py" line="109"/>
        <source>Every edit and timeline entry names the person who made it. Choose yourself, or type your name to add yourself to the directory.</source>
        <translation>هر ویرایش و هر رویداد خط زمانی نام کسی را دارد که آن را انجام داده است. خودتان را انتخاب کنید، یا نامتان را بنویسید تا به فهرست افراد افزوده شوید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_sign_in.py" line="111"/>
        <source>I am</source>
        <translation>من</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_sign_in.py" line="112"/>
        <source>Not in the list</source>
        <translation>در فهرست نیستم</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_sign_in.py" line="114"/>
        <source>Your full name</source>
        <translation>نام و نام خانوادگی شما</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_sign_in.py" line="115"/>
        <source>&amp;Start</source>
        <translation>&amp;شروع</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_sign_in.py" line="116"/>
        <source>Later</source>
        <translation>بعداً</translation>
    </message>
</context>
<context>
    <name>OperatorStatus</name>
    <message>
        <location filename="../desktop/views/operator_status.py" line="85"/>
        <source>Who is &amp;operating…</source>
        <translation>چه کسی &amp;کار می‌کند…</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_status.py" line="90"/>
        <source>Nobody is operating — choose who</source>
        <translation>کسی با ایستگاه کار نمی‌کند — انتخاب کنید</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_status.py" line="93"/>
        <source>Operator: %1</source>
        <translation>کاربر ایستگاه: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_status.py" line="94"/>
        <source>Operator: not in the directory yet</source>
        <translation>کاربر ایستگاه: هنوز در فهرست افراد نیست</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_status.py" line="98"/>
        <source>Every edit and timeline entry names the person operating this station. Click to switch (Ctrl+Shift+O).</source>
        <translation>هر ویرایش و هر رویداد خط زمانی نام کسی را دارد که با این ایستگاه کار می‌کند. برای تعویض کلیک کنید (Ctrl+Shift+O).</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_status.py" line="118"/>
        <source>Find a person…</source>
        <translation>جست‌وجوی فرد…</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_status.py" line="128"/>
        <source>Lately at this station</source>
        <translation>اخیراً در این ایستگاه</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_status.py" line="131"/>
        <source>Everyone in the directory</source>
        <translation>همه در فهرست افراد</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_status.py" line="136"/>
        <source>Someone else…</source>
        <translation>کس دیگری…</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_status.py" line="189"/>
        <source>%1 more: type to find them</source>
        <translation>%1 نفر دیگر: برای یافتنشان نام را بنویسید</translation>
    </message>
    <message>
        <location filename="../desktop/views/operator_status.py" line="191"/>
        <source>Nobody in the directory by that name</source>
        <translation>کسی با این نام در فهرست افراد نیست</translation>
    </message>
</context>
<context>
    <name>OutsideExpertDialog</name>
    <message>
        <location filename="../desktop/views/directory_people.py" line="166"/>
        <source>Call in an outside expert: %1</source>
        <translation>فراخواندن کارشناس بیرونی: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="171"/>
        <source>Call in an outside expert</source>
        <translation>فراخواندن کارشناس بیرونی</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="172"/>
        <source>&amp;Name</source>
        <translation>&amp;نام</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="172"/>
        <source>&amp;Organisation</source>
        <translation>&amp;سازمان</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="172"/>
        <source>Job &amp;title</source>
        <translation>&amp;سمت</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="173"/>
        <source>&amp;Email</source>
        <translation>&amp;ایمیل</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="173"/>
        <source>&amp;Phone</source>
        <translation>&amp;تلفن</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="176"/>
        <source>The company or body they come from</source>
        <translation>شرکت یا نهادی که از آن آمده است</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <location filename="../desktop/views/directory_people.py" line="40"/>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="40"/>
        <source>Job title</source>
        <translation>سمت</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="40"/>
        <source>Team</source>
        <translation>تیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="41"/>
        <source>Email</source>
        <translation>ایمیل</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="41"/>
        <source>Phone</source>
        <translation>تلفن</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="41"/>
        <source>Stakeholder groups</source>
        <translation>گروه‌های ذی‌نفعان</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="42"/>
        <source>Languages</source>
        <translation>زبان‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="42"/>
        <source>Outside expert (organisation)</source>
        <translation>کارشناس بیرونی (سازمان)</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="55"/>
        <source>Yes</source>
        <translation>بله</translation>
    </message>
</context>
<context>
    <name>PeopleTab</name>
    <message>
        <location filename="../desktop/views/directory_people.py" line="204"/>
        <source>Archive person: %1</source>
        <translation>بایگانی فرد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="208"/>
        <source>Add person…</source>
        <translation>افزودن فرد…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="209"/>
        <source>Add outside expert…</source>
        <translation>افزودن کارشناس بیرونی…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="210"/>
        <source>Edit…</source>
        <translation>ویرایش…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="211"/>
        <source>Archive</source>
        <translation>بایگانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="212"/>
        <source>Out of the lists and choices; what they did keeps their name. Edit ▸ Undo brings them back.</source>
        <translation>از فهرست‌ها و گزینه‌ها بیرون می‌رود؛ آنچه کرده است نامش را نگه می‌دارد. ویرایش ▸ واگرد او را برمی‌گرداند.</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location filename="../desktop/views/directory_people.py" line="124"/>
        <source>Add person: %1</source>
        <translation>افزودن فرد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="130"/>
        <source>Edit person: %1</source>
        <translation>ویرایش فرد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="135"/>
        <source>Add a person</source>
        <translation>افزودن فرد</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="135"/>
        <source>Edit a person</source>
        <translation>ویرایش فرد</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="136"/>
        <source>&amp;Name</source>
        <translation>&amp;نام</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="136"/>
        <source>Job &amp;title</source>
        <translation>&amp;سمت</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="136"/>
        <source>&amp;Team</source>
        <translation>&amp;تیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="137"/>
        <source>&amp;Email</source>
        <translation>&amp;ایمیل</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="137"/>
        <source>&amp;Phone</source>
        <translation>&amp;تلفن</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="137"/>
        <source>&amp;Languages</source>
        <translation>&amp;زبان‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="138"/>
        <source>Outside expert</source>
        <translation>کارشناس بیرونی</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="138"/>
        <source>&amp;Organisation</source>
        <translation>&amp;سازمان</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="139"/>
        <source>Stakeholder &amp;groups</source>
        <translation>&amp;گروه‌های ذی‌نفعان</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="142"/>
        <source>From outside the organisation (a vendor, a consultant)</source>
        <translation>از بیرون سازمان (پیمانکار، مشاور)</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_people.py" line="143"/>
        <source>e.g. Persian, English</source>
        <translation>مثلاً فارسی، انگلیسی</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <location filename="../desktop/views/comms.py" line="50"/>
        <source>Audience</source>
        <translation>مخاطبان</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="50"/>
        <source>Channels</source>
        <translation>کانال‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="50"/>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="51"/>
        <source>Goes out</source>
        <translation>فرستاده می‌شود</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="51"/>
        <source>Reachable by email</source>
        <translation>دسترس‌پذیر با ایمیل</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="61"/>
        <source>at once</source>
        <translation>بی‌درنگ</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="61"/>
        <source>after the lead&apos;s look</source>
        <translation>پس از بازبینی مسئول ارتباطات</translation>
    </message>
    <message>
        <location filename="../desktop/views/comms.py" line="62"/>
        <source>%1 of %2</source>
        <translation>%1 از %2</translation>
    </message>
</context>
<context>
    <name>PostmortemExport</name>
    <message>
        <location filename="../desktop/views/export_postmortem.py" line="37"/>
        <source>Export postmortem</source>
        <translation>خروجی گزارش پس از حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/export_postmortem.py" line="37"/>
        <source>PDF documents (*.pdf)</source>
        <translation>سندهای PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../desktop/views/export_postmortem.py" line="48"/>
        <source>Writing the postmortem…</source>
        <translation>در حال نوشتن گزارش پس از حادثه…</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location filename="../desktop/views/directory_import.py" line="182"/>
        <source>Line</source>
        <translation>سطر</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="182"/>
        <source>What happens</source>
        <translation>چه می‌شود</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="182"/>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="183"/>
        <source>What changes, or why it is refused</source>
        <translation>چه تغییر می‌کند، یا چرا رد شد</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="186"/>
        <source>Add</source>
        <translation>افزودن</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="186"/>
        <source>Update</source>
        <translation>به‌روزرسانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="186"/>
        <source>Unchanged</source>
        <translation>بدون تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="187"/>
        <source>Refused</source>
        <translation>ردشده</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="214"/>
        <source>Changes: %1</source>
        <translation>تغییر: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="216"/>
        <source>Joins: %1</source>
        <translation>می‌پیوندد به: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="232"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_import.py" line="232"/>
        <source>(empty)</source>
        <translation>(خالی)</translation>
    </message>
</context>
<context>
    <name>ProblemPage</name>
    <message>
        <location filename="../desktop/views/problem.py" line="195"/>
        <source>Say what is known of the error (or untick “Known error”).</source>
        <translation>بنویسید از خطا چه می‌دانیم (یا تیک «خطای شناخته‌شده» را بردارید).</translation>
    </message>
    <message>
        <location filename="../desktop/views/problem.py" line="201"/>
        <source>Root cause analysis</source>
        <translation>تحلیل علت ریشه‌ای</translation>
    </message>
    <message>
        <location filename="../desktop/views/problem.py" line="202"/>
        <source>Workaround and known error</source>
        <translation>راه‌حل موقت و خطای شناخته‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/views/problem.py" line="203"/>
        <source>This is a known error</source>
        <translation>این یک خطای شناخته‌شده است</translation>
    </message>
    <message>
        <location filename="../desktop/views/problem.py" line="204"/>
        <source>What is known of the error</source>
        <translation>آنچه از خطا می‌دانیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/problem.py" line="205"/>
        <source>Link to another incident…</source>
        <translation>پیوند به حادثه‌ای دیگر…</translation>
    </message>
    <message>
        <location filename="../desktop/views/problem.py" line="209"/>
        <source>Nobody</source>
        <translation>هیچ‌کس</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <location filename="../desktop/i18n.py" line="34"/>
        <source>Folder</source>
        <comment>All other platforms</comment>
        <translation>پوشه</translation>
    </message>
    <message>
        <location filename="../desktop/i18n.py" line="35"/>
        <source>File Folder</source>
        <comment>Match Windows Explorer</comment>
        <translation>پوشه</translation>
    </message>
    <message>
        <location filename="../desktop/i18n.py" line="36"/>
        <source>Shortcut</source>
        <comment>All other platforms</comment>
        <translation>میان‌بر</translation>
    </message>
    <message>
        <location filename="../desktop/i18n.py" line="37"/>
        <source>Alias</source>
        <comment>macOS Finder</comment>
        <translation>نام مستعار</translation>
    </message>
    <message>
        <location filename="../desktop/i18n.py" line="38"/>
        <source>Drive</source>
        <translation>درایو</translation>
    </message>
    <message>
        <location filename="../desktop/i18n.py" line="39"/>
        <source>File</source>
        <translation>پرونده</translation>
    </message>
    <message>
        <location filename="../desktop/i18n.py" line="40"/>
        <source>Unknown</source>
        <translation>ناشناخته</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../desktop/i18n.py" line="32"/>
        <source>&amp;Look in:</source>
        <translation>&amp;جست‌وجو در:</translation>
    </message>
    <message>
        <location filename="../desktop/i18n.py" line="33"/>
        <source>Files of &amp;type:</source>
        <translation>پرونده‌هایی از &amp;نوع:</translation>
    </message>
</context>
<context>
    <name>RecordPage</name>
    <message>
        <location filename="../desktop/views/record_common.py" line="273"/>
        <source>Nobody</source>
        <translation>هیچ‌کس</translation>
    </message>
    <message>
        <location filename="../desktop/views/record_common.py" line="335"/>
        <source>Nothing to save.</source>
        <translation>چیزی برای ذخیره نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/record_common.py" line="345"/>
        <source>This time could not be read: type it as year/month/day hour:minute.</source>
        <translation>این زمان خوانده نشد: به شکل سال/ماه/روز ساعت:دقیقه بنویسید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/record_common.py" line="350"/>
        <source>Saved.</source>
        <translation>ذخیره شد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/record_common.py" line="356"/>
        <source>Edit %1 (%2)</source>
        <translation>ویرایش %1 (%2)</translation>
    </message>
    <message>
        <location filename="../desktop/views/record_common.py" line="398"/>
        <source>There is no other open incident to link.</source>
        <translation>حادثهٔ باز دیگری برای پیوند نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/record_common.py" line="400"/>
        <source>Incident:</source>
        <translation>حادثه:</translation>
    </message>
    <message>
        <location filename="../desktop/views/record_common.py" line="409"/>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <location filename="../desktop/views/record_common.py" line="410"/>
        <source>Incidents it serves</source>
        <translation>حادثه‌های مرتبط</translation>
    </message>
    <message>
        <location filename="../desktop/views/record_common.py" line="414"/>
        <source>Set</source>
        <translation>تعیین</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../desktop/views/review.py" line="130"/>
        <source>ticked %1</source>
        <translation>تیک‌خورده در %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="139"/>
        <source>No owner</source>
        <translation>بی‌مالک</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="140"/>
        <source>No due time</source>
        <translation>بی‌مهلت</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="157"/>
        <source>Choose an incident on the board.</source>
        <translation>حادثه‌ای را در تابلو برگزینید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="160"/>
        <source>The review starts once the incident is resolved; it is %1.</source>
        <translation>بازبینی پس از رفع حادثه آغاز می‌شود؛ اکنون %1 است.</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="164"/>
        <source>The incident is closed.</source>
        <translation>حادثه بسته شده است.</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="167"/>
        <source>The review is complete: the incident can be closed.</source>
        <translation>بازبینی کامل است: حادثه را می‌توان بست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="170"/>
        <source>Closing waits for: %1.</source>
        <translation>بستن منتظر این‌هاست: %1.</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="188"/>
        <source>The fix is verified in production</source>
        <translation>رفع مشکل در محیط عملیاتی تأیید شده است</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="189"/>
        <source>Monitoring confirms it</source>
        <translation>پایش آن را تأیید می‌کند</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="190"/>
        <source>The documentation is updated</source>
        <translation>مستندات به‌روز شده است</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="191"/>
        <source>Lessons learned are written</source>
        <translation>درس‌آموخته‌ها نوشته شده است</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="192"/>
        <source>Every action item has an owner and a due time</source>
        <translation>هر اقدام اصلاحی مالک و مهلت دارد</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="211"/>
        <location filename="../desktop/views/review.py" line="256"/>
        <source>Lessons learned</source>
        <translation>درس‌آموخته‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="227"/>
        <source>Add an action item</source>
        <translation>افزودن اقدام اصلاحی</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="234"/>
        <source>Close without a complete review</source>
        <translation>بستن بدون بازبینی کامل</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="235"/>
        <source>Why close now? (Only the incident commander can; the reason goes on the timeline.)</source>
        <translation>چرا اکنون بسته شود؟ (فقط فرمانده حادثه می‌تواند؛ دلیل در خط زمانی ثبت می‌شود.)</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="241"/>
        <location filename="../desktop/views/review.py" line="263"/>
        <source>Close the incident</source>
        <translation>بستن حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="247"/>
        <source>Not closed: the review is not complete (%1).</source>
        <translation>بسته نشد: بازبینی کامل نیست (%1).</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="253"/>
        <source>Post-implementation review</source>
        <translation>بازبینی پس از پیاده‌سازی</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="257"/>
        <source>What we learned, and what we will do differently</source>
        <translation>چه آموختیم و از این پس چه می‌کنیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="258"/>
        <source>Save the lessons</source>
        <translation>ذخیرهٔ درس‌آموخته‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="259"/>
        <source>Action items</source>
        <translation>اقدامات اصلاحی</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="261"/>
        <source>Action</source>
        <translation>اقدام</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="261"/>
        <source>Owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="261"/>
        <source>Due</source>
        <translation>مهلت</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="261"/>
        <source>Column</source>
        <translation>ستون</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="262"/>
        <source>Add an action item…</source>
        <translation>افزودن اقدام اصلاحی…</translation>
    </message>
    <message>
        <location filename="../desktop/views/review.py" line="264"/>
        <source>Close without a complete review…</source>
        <translation>بستن بدون بازبینی کامل…</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <location filename="../desktop/views/directory_services.py" line="106"/>
        <source>Add service: %1</source>
        <translation>افزودن سرویس: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="115"/>
        <source>Edit service: %1</source>
        <translation>ویرایش سرویس: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="120"/>
        <source>Add a service</source>
        <translation>افزودن سرویس</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="120"/>
        <source>Edit a service</source>
        <translation>ویرایش سرویس</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="121"/>
        <source>&amp;Name</source>
        <translation>&amp;نام</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="121"/>
        <source>&amp;Owner team</source>
        <translation>تیم &amp;مالک</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="121"/>
        <source>&amp;Criticality</source>
        <translation>&amp;درجه اهمیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="122"/>
        <source>&amp;Used by</source>
        <translation>&amp;استفاده‌کنندگان</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="122"/>
        <source>&amp;Description</source>
        <translation>&amp;شرح</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="124"/>
        <source>SLA target, %1 incident</source>
        <translation>هدف SLA برای حادثه با شدت %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="127"/>
        <source>— not set —</source>
        <translation>— تعیین نشده —</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="130"/>
        <source>e.g. all branches, online customers</source>
        <translation>مثلاً همه شعبه‌ها، مشتریان برخط</translation>
    </message>
</context>
<context>
    <name>ServicesModel</name>
    <message>
        <location filename="../desktop/views/directory_services.py" line="37"/>
        <source>SLA: %1</source>
        <translation>هدف SLA %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="39"/>
        <source>Service</source>
        <translation>سرویس</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="39"/>
        <source>Owner team</source>
        <translation>تیم مالک</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="39"/>
        <source>Criticality</source>
        <translation>درجه اهمیت</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="40"/>
        <source>Used by</source>
        <translation>استفاده‌کنندگان</translation>
    </message>
</context>
<context>
    <name>ServicesTab</name>
    <message>
        <location filename="../desktop/views/directory_services.py" line="150"/>
        <source>Archive service: %1</source>
        <translation>بایگانی سرویس: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="154"/>
        <source>Add service…</source>
        <translation>افزودن سرویس…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="155"/>
        <source>Edit…</source>
        <translation>ویرایش…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="156"/>
        <source>Archive</source>
        <translation>بایگانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_services.py" line="157"/>
        <source>Out of the catalogue&apos;s lists; incidents that named it keep its name. Edit ▸ Undo brings it back.</source>
        <translation>از فهرست‌های سرویس‌ها بیرون می‌رود؛ حادثه‌هایی که آن را نام برده‌اند نامش را نگه می‌دارند. ویرایش ▸ واگرد آن را برمی‌گرداند.</translation>
    </message>
</context>
<context>
    <name>SimilarIncidents</name>
    <message>
        <location filename="../desktop/views/similar.py" line="53"/>
        <location filename="../desktop/views/similar.py" line="72"/>
        <source>No similar closed incident.</source>
        <translation>حادثه بسته‌شده مشابهی نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/similar.py" line="57"/>
        <source>Root cause</source>
        <translation>علت ریشه‌ای</translation>
    </message>
    <message>
        <location filename="../desktop/views/similar.py" line="57"/>
        <source>Fix</source>
        <translation>رفع</translation>
    </message>
    <message>
        <location filename="../desktop/views/similar.py" line="57"/>
        <source>Lessons learned</source>
        <translation>درس‌آموخته‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/views/similar.py" line="71"/>
        <source>Similar past incidents</source>
        <translation>حادثه‌های مشابه گذشته</translation>
    </message>
</context>
<context>
    <name>StationSettingsDialog</name>
    <message>
        <location filename="../desktop/views/station_settings.py" line="95"/>
        <source>The short code is 1 to 8 Latin letters or digits, e.g. HQ or TEH2.</source>
        <translation>کد کوتاه ۱ تا ۸ حرف لاتین یا رقم است، مانند HQ یا TEH2.</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="96"/>
        <source>Another station already uses this short code: incident references must stay unique.</source>
        <translation>ایستگاه دیگری این کد کوتاه را به کار می‌برد: شمارهٔ حادثه‌ها باید یکتا بماند.</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="98"/>
        <source>This person is no longer in the directory.</source>
        <translation>این شخص دیگر در فهرست افراد نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="99"/>
        <source>Choose who is operating this station: every edit names them.</source>
        <translation>انتخاب کنید چه کسی با این ایستگاه کار می‌کند: هر ویرایش نام او را دارد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="100"/>
        <source>Choose what kind of station this is.</source>
        <translation>نوع این ایستگاه را انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="108"/>
        <source>This station</source>
        <translation>این ایستگاه</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="109"/>
        <source>Operator</source>
        <translation>کاربر ایستگاه</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="109"/>
        <source>Station name</source>
        <translation>نام ایستگاه</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="109"/>
        <source>Short code</source>
        <translation>کد کوتاه</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="110"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="64"/>
        <location filename="../desktop/views/station_settings.py" line="112"/>
        <source>— nobody chosen —</source>
        <translation>— کسی انتخاب نشده —</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="113"/>
        <source>The person working at this station: named on every edit and timeline entry</source>
        <translation>کسی که پشت این ایستگاه کار می‌کند: نامش روی هر ویرایش و هر رویداد خط زمانی می‌آید</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="114"/>
        <location filename="../desktop/views/welcome.py" line="204"/>
        <source>Starts this station&apos;s incident references, e.g. INC-HQ-1405-0001</source>
        <translation>آغاز شمارهٔ حادثه‌های این ایستگاه، مانند INC-HQ-1405-0001</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="115"/>
        <location filename="../desktop/views/welcome.py" line="207"/>
        <source>Coordinator workstation</source>
        <translation>ایستگاه کاری هماهنگ‌کننده</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="115"/>
        <location filename="../desktop/views/welcome.py" line="208"/>
        <source>Field laptop</source>
        <translation>لپ‌تاپ میدانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="116"/>
        <location filename="../desktop/views/welcome.py" line="209"/>
        <source>Wall display</source>
        <translation>نمایشگر دیواری</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="119"/>
        <source>&amp;Save</source>
        <translation>&amp;ذخیره</translation>
    </message>
    <message>
        <location filename="../desktop/views/station_settings.py" line="120"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>SuggestionRow</name>
    <message>
        <source>owns %1</source>
        <translation type="vanished">مالک %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="92"/>
        <source>%1 owns %2</source>
        <translation>%1 مالک %2 است</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="92"/>
        <source>Leads %1, which owns %2</source>
        <translation>سرپرست %1، که مالک %2 است</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="96"/>
        <source>Assign role</source>
        <translation>واگذاری نقش</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <location filename="../desktop/labels.py" line="465"/>
        <source>The hub&apos;s schema is older than this app: run “crisisroom hub init” with this version.</source>
        <translation>طرح‌وارهٔ هاب از این برنامه قدیمی‌تر است: «crisisroom hub init» را با همین نسخه اجرا کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="467"/>
        <source>The hub is newer than this app: update Crisis Room on this station.</source>
        <translation>هاب از این برنامه جدیدتر است: اتاق بحران را در این ایستگاه به‌روز کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="468"/>
        <source>The hub no longer takes edits from this version: update Crisis Room on this station.</source>
        <translation>هاب دیگر ویرایش‌های این نسخه را نمی‌پذیرد: اتاق بحران را در این ایستگاه به‌روز کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="470"/>
        <source>The hub did not accept this station&apos;s name or password.</source>
        <translation>هاب نام یا گذرواژهٔ این ایستگاه را نپذیرفت.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="471"/>
        <source>The hub server has no database by that name.</source>
        <translation>سرور هاب پایگاه داده‌ای با این نام ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="472"/>
        <source>This station&apos;s access to the hub was revoked. Ask the hub&apos;s administrator; its edits are kept here.</source>
        <translation>دسترسی این ایستگاه به هاب لغو شده است. از مدیر هاب بپرسید؛ ویرایش‌های آن همین‌جا نگه داشته می‌شوند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="474"/>
        <source>This station&apos;s hub password was changed outside Crisis Room. Ask the administrator to run “crisisroom hub add-station” again.</source>
        <translation>گذرواژهٔ هاب این ایستگاه بیرون از اتاق بحران عوض شده است. از مدیر بخواهید «crisisroom hub add-station» را دوباره اجرا کند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="476"/>
        <source>This database is a copy of another station&apos;s and cannot sync under a second login. Sync it with that station&apos;s login, or start a new station and join the hub; its edits are kept here.</source>
        <translation>این پایگاه داده رونوشتی از پایگاه دادهٔ ایستگاه دیگری است و با ورود دوم همگام نمی‌شود. آن را با ورود همان ایستگاه همگام کنید، یا ایستگاه تازه‌ای بسازید و به هاب بپیوندید؛ ویرایش‌های آن همین‌جا نگه داشته می‌شوند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="479"/>
        <source>This login belongs to another station&apos;s database. Ask for a login of this station&apos;s own; its edits are kept here.</source>
        <translation>این ورود از آنِ پایگاه دادهٔ ایستگاه دیگری است. برای این ایستگاه ورودی جداگانه بخواهید؛ ویرایش‌های آن همین‌جا نگه داشته می‌شوند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="481"/>
        <source>This computer&apos;s clock is %1 minutes ahead of the hub&apos;s. Set it right; nothing is sent until then, and nothing is lost.</source>
        <translation>ساعت این رایانه %1 دقیقه از ساعت هاب جلوتر است. آن را درست کنید؛ تا آن زمان چیزی فرستاده نمی‌شود و چیزی هم از دست نمی‌رود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="484"/>
        <source>Another copy of this station&apos;s database is syncing under the same login. Use one copy only; the next sync sorts out the numbering.</source>
        <translation>نسخهٔ دیگری از پایگاه دادهٔ این ایستگاه با همین ورود همگام می‌شود. فقط از یک نسخه استفاده کنید؛ همگام‌سازی بعدی شماره‌گذاری را درست می‌کند.</translation>
    </message>
    <message>
        <source>The hub cannot be reached. The station keeps working offline.</source>
        <translation type="vanished">هاب در دسترس نیست. ایستگاه آفلاین به کار ادامه می‌دهد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="487"/>
        <source>This login may not set up the hub: the administrator URL must log in as a PostgreSQL superuser (such as postgres).</source>
        <translation>این ورود اجازهٔ برپا کردن هاب را ندارد: نشانی مدیر باید با یک ابرکاربر PostgreSQL (مانند postgres) وارد شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="489"/>
        <source>The hub server could not do this (details in crisisroom.log).</source>
        <translation>سرور هاب نتوانست این کار را انجام دهد (جزئیات در crisisroom.log).</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="490"/>
        <source>Sync failed on this station (details in crisisroom.log); trying again.</source>
        <translation>همگام‌سازی در این ایستگاه با خطا روبه‌رو شد (جزئیات در crisisroom.log)؛ دوباره تلاش می‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="492"/>
        <source>This is a demo database: its invented incidents must never reach a real hub. Start a new organisation or join the hub with an empty station.</source>
        <translation>این پایگاه‌داده نمایشی است: حادثه‌های ساختگی آن هرگز نباید به هاب واقعی برسند. سازمان تازه‌ای را آغاز کنید یا با ایستگاهی خالی به هاب بپیوندید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="494"/>
        <source>The hub refused this station.</source>
        <translation>هاب این ایستگاه را نپذیرفت.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="500"/>
        <source>The station keeps working offline.</source>
        <translation>ایستگاه آفلاین به کار ادامه می‌دهد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="501"/>
        <source>this address</source>
        <translation>این نشانی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="503"/>
        <source>Nothing answers at %1: the hub server is down or the port is wrong.</source>
        <translation>در %1 چیزی پاسخ نمی‌دهد: سرور هاب خاموش است یا درگاه نادرست است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="504"/>
        <source>The hub&apos;s address %1 is not known: check its name and the network.</source>
        <translation>نشانی هاب %1 شناخته نیست: نام آن و شبکه را بررسی کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="505"/>
        <source>The hub at %1 did not answer in time.</source>
        <translation>هاب در %1 به‌موقع پاسخ نداد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="506"/>
        <source>The network does not reach the hub at %1.</source>
        <translation>شبکه به هاب در %1 نمی‌رسد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="507"/>
        <source>The hub at %1 and this station do not agree on TLS (the encrypted connection).</source>
        <translation>هاب در %1 و این ایستگاه بر سر TLS (اتصال رمزگذاری‌شده) هم‌نظر نیستند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="508"/>
        <source>The connection to the hub at %1 was lost; the next sync goes on from where this one stopped.</source>
        <translation>اتصال به هاب در %1 قطع شد؛ همگام‌سازی بعدی از همان‌جا که این یکی ماند ادامه می‌یابد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="510"/>
        <source>The hub cannot be reached at %1.</source>
        <translation>هاب در %1 در دسترس نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="559"/>
        <source>its clock is more than an hour ahead (held until then)</source>
        <translation>ساعت آن بیش از یک ساعت جلوتر است (تا آن زمان نگه داشته می‌شود)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="560"/>
        <source>it refers to a %1 that has not arrived (held until it does)</source>
        <translation>به %1ی اشاره دارد که هنوز نرسیده است (تا رسیدنش نگه داشته می‌شود)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="561"/>
        <source>it is not a valid edit</source>
        <translation>ویرایش معتبری نیست</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="562"/>
        <source>it is too large</source>
        <translation>بیش از اندازه بزرگ است</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="563"/>
        <source>another edit already has its id</source>
        <translation>ویرایش دیگری همین شناسه را دارد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="564"/>
        <source>it comes from a newer version of Crisis Room</source>
        <translation>از نسخهٔ جدیدتری از اتاق بحران آمده است</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="565"/>
        <source>it changes something this version does not know</source>
        <translation>چیزی را تغییر می‌دهد که این نسخه نمی‌شناسد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="566"/>
        <source>it changes “%1”, which this version does not know</source>
        <translation>«%1» را تغییر می‌دهد که این نسخه نمی‌شناسد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="567"/>
        <source>its value for “%1” has the wrong type</source>
        <translation>مقدار آن برای «%1» از نوع نادرست است</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="568"/>
        <source>its value for “%1” is not one this version knows</source>
        <translation>مقدار آن برای «%1» برای این نسخه ناشناخته است</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="569"/>
        <source>its “%1” is longer than %2 characters</source>
        <translation>«%1» آن از %2 نویسه بلندتر است</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="570"/>
        <source>its “%1” holds control characters</source>
        <translation>«%1» آن نویسهٔ کنترلی دارد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="572"/>
        <source>its “%1” holds only invisible characters</source>
        <translation>«%1» آن فقط نویسهٔ نامرئی دارد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="573"/>
        <source>it breaks a rule (%1)</source>
        <translation>یک قاعده را زیر پا می‌گذارد (%1)</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../desktop/views/sync_status.py" line="38"/>
        <source>No sync hub: this station works alone</source>
        <translation>بدون هاب همگام‌سازی: این ایستگاه به‌تنهایی کار می‌کند</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="41"/>
        <source>Connecting to the sync hub…</source>
        <translation>در حال اتصال به هاب همگام‌سازی…</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="43"/>
        <source>Online</source>
        <translation>آنلاین</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="43"/>
        <source>Offline</source>
        <translation>آفلاین</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="47"/>
        <source>last synced %1</source>
        <translation>آخرین همگام‌سازی %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="48"/>
        <source>never synced</source>
        <translation>هنوز همگام‌سازی نشده</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="50"/>
        <source>%1 waiting to be sent</source>
        <translation>%1 در انتظار ارسال</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="52"/>
        <source>%1 edits from other stations held (see crisisroom.log)</source>
        <translation>%1 ویرایش از ایستگاه‌های دیگر نگه داشته شده (crisisroom.log را ببینید)</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="54"/>
        <source>%1 edits refused by the sync rules (see crisisroom.log)</source>
        <translation>%1 ویرایش طبق قواعد همگام‌سازی پذیرفته نشد (crisisroom.log را ببینید)</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="61"/>
        <source>catching up %p%</source>
        <translation>در حال رسیدن به هاب %p٪</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="72"/>
        <source>The hub refused this station&apos;s edit number %1: %2</source>
        <translation>هاب ویرایش شمارهٔ %1 این ایستگاه را نپذیرفت: %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="74"/>
        <source>Held the edit at hub position %1: %2</source>
        <translation>ویرایشِ جایگاه %1 هاب نگه داشته شد: %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_status.py" line="76"/>
        <source>Refused the edit at hub position %1: %2</source>
        <translation>ویرایشِ جایگاه %1 هاب پذیرفته نشد: %2</translation>
    </message>
</context>
<context>
    <name>SyncSettingsDialog</name>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="137"/>
        <source>Connecting…</source>
        <translation>در حال اتصال…</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="155"/>
        <source>Connected: this station can sync with the hub.</source>
        <translation>وصل شد: این ایستگاه می‌تواند با هاب همگام شود.</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="191"/>
        <source>This is not a connection line. Paste the last line “crisisroom hub add-station” printed.</source>
        <translation>این خط اتصال نیست. آخرین خطی را که «crisisroom hub add-station» چاپ کرد اینجا بچسبانید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="192"/>
        <source>Enter the hub&apos;s address.</source>
        <translation>نشانی هاب را وارد کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="193"/>
        <source>The port is a number from 1 to 65535.</source>
        <translation>درگاه (پورت) عددی از ۱ تا ۶۵۵۳۵ است.</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="194"/>
        <source>The station name is the name given to “hub add-station”: Latin letters, digits and _, starting with a letter.</source>
        <translation>نام ایستگاه همان نامی است که به «hub add-station» داده شد: حروف لاتین، رقم و _، که با یک حرف آغاز شود.</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="196"/>
        <source>Choose a TLS mode.</source>
        <translation>یک حالت TLS انتخاب کنید.</translation>
    </message>
    <message>
        <source>The hub cannot be reached at this address. The station keeps working offline.</source>
        <translation type="vanished">هاب در این نشانی در دسترس نیست. ایستگاه به‌صورت آفلاین به کار ادامه می‌دهد.</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="209"/>
        <source>Sync hub</source>
        <translation>هاب همگام‌سازی</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="210"/>
        <source>The hub is the PostgreSQL server every station syncs through. Ask its administrator for this station&apos;s line from “crisisroom hub add-station”.</source>
        <translation>هاب، سرور PostgreSQL است که همهٔ ایستگاه‌ها از راه آن همگام می‌شوند. خط این ایستگاه را از خروجی «crisisroom hub add-station» از مدیر هاب بخواهید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="212"/>
        <source>Connection line</source>
        <translation>خط اتصال</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="212"/>
        <source>Hub address</source>
        <translation>نشانی هاب</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="212"/>
        <source>Port</source>
        <translation>درگاه (پورت)</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="212"/>
        <source>Database</source>
        <translation>پایگاه داده</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="213"/>
        <source>Station name</source>
        <translation>نام ایستگاه</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="213"/>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="213"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="217"/>
        <source>Use TLS when the hub offers it</source>
        <translation>TLS هرگاه هاب پشتیبانی کند</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="217"/>
        <source>Require TLS</source>
        <translation>TLS الزامی</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="218"/>
        <source>Require TLS and check the hub&apos;s certificate</source>
        <translation>TLS الزامی با بررسی گواهی هاب</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="219"/>
        <source>Require TLS, check the certificate and the hub&apos;s name</source>
        <translation>TLS الزامی با بررسی گواهی و نام هاب</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="220"/>
        <source>No TLS (a trusted network only)</source>
        <translation>بدون TLS (فقط در شبکهٔ مطمئن)</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="223"/>
        <source>kept in the system keyring, never in the database</source>
        <translation>در جاکلیدی سیستم نگه داشته می‌شود، هرگز در پایگاه داده</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="224"/>
        <source>&amp;Test connection</source>
        <translation>&amp;آزمون اتصال</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="225"/>
        <source>&amp;Work alone (no hub)</source>
        <translation>&amp;کار به‌تنهایی (بدون هاب)</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="226"/>
        <source>&amp;Save</source>
        <translation>&amp;ذخیره</translation>
    </message>
    <message>
        <location filename="../desktop/views/sync_settings.py" line="227"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>TaskEditDialog</name>
    <message>
        <location filename="../desktop/views/task_edit.py" line="59"/>
        <source>No owner</source>
        <translation>بی‌مالک</translation>
    </message>
    <message>
        <location filename="../desktop/views/task_edit.py" line="158"/>
        <source>Edit task: %1</source>
        <translation>ویرایش وظیفه: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/task_edit.py" line="166"/>
        <source>A task that is not in “to do” needs an owner: move it back to “to do” first, or choose someone.</source>
        <translation>وظیفه‌ای که در «انجام‌نشده» نیست مالک می‌خواهد: نخست آن را به «انجام‌نشده» برگردانید یا کسی را برگزینید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/task_edit.py" line="181"/>
        <source>The due time could not be read: type it as year/month/day hour:minute.</source>
        <translation>مهلت خوانده نشد: به شکل سال/ماه/روز ساعت:دقیقه بنویسید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/task_edit.py" line="190"/>
        <source>Edit task</source>
        <translation>ویرایش وظیفه</translation>
    </message>
    <message>
        <location filename="../desktop/views/task_edit.py" line="191"/>
        <source>Title</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../desktop/views/task_edit.py" line="191"/>
        <source>Owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <location filename="../desktop/views/task_edit.py" line="191"/>
        <source>Due time</source>
        <translation>مهلت</translation>
    </message>
    <message>
        <location filename="../desktop/views/task_edit.py" line="192"/>
        <source>Priority</source>
        <translation>اولویت</translation>
    </message>
    <message>
        <location filename="../desktop/views/task_edit.py" line="192"/>
        <source>Details</source>
        <translation>جزئیات</translation>
    </message>
    <message>
        <location filename="../desktop/views/task_edit.py" line="195"/>
        <source>Has a due time</source>
        <translation>مهلت دارد</translation>
    </message>
    <message>
        <location filename="../desktop/views/task_edit.py" line="196"/>
        <source>What is to be done</source>
        <translation>چه باید کرد</translation>
    </message>
</context>
<context>
    <name>TaskModel</name>
    <message>
        <location filename="../desktop/views/tasks.py" line="64"/>
        <source>Task</source>
        <translation>وظیفه</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="88"/>
        <source>%1 min</source>
        <translation>%1 دقیقه</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="90"/>
        <source>%1 h</source>
        <translation>%1 ساعت</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="91"/>
        <source>%1 d</source>
        <translation>%1 روز</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="99"/>
        <source>Overdue by %1</source>
        <translation>%1 گذشته از مهلت</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="100"/>
        <source>due in %1</source>
        <translation>مهلت: %1 دیگر</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="106"/>
        <source>No owner</source>
        <translation>بدون مالک</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="108"/>
        <source>Priority: %1</source>
        <translation>اولویت: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="120"/>
        <source>Due %1</source>
        <translation>مهلت %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="123"/>
        <source>Double-click or Enter to edit; drag to move; Ctrl-click to select several</source>
        <translation>برای ویرایش دوبار کلیک یا Enter؛ برای جابه‌جایی بکشید؛ برای انتخاب چندتا Ctrl و کلیک</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation type="vanished">مهلت %1</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <location filename="../desktop/views/tasks.py" line="427"/>
        <location filename="../desktop/views/tasks.py" line="524"/>
        <source>No owner</source>
        <translation>بدون مالک</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="454"/>
        <source>A task like this is open</source>
        <translation>وظیفه‌ای مانند این باز است</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="456"/>
        <source>This incident already has an open task that looks the same:
%1

Open the existing card instead, or add this one anyway?</source>
        <translation>این حادثه از پیش وظیفهٔ بازی دارد که همانند این است:
%1

کارت موجود باز شود، یا این یکی به هر حال افزوده شود؟</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="458"/>
        <source>Open the existing card</source>
        <translation>باز کردن کارت موجود</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="459"/>
        <source>Add anyway</source>
        <translation>به هر حال افزوده شود</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="480"/>
        <source>Add task: %1</source>
        <translation>افزودن وظیفه: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="316"/>
        <source>Move %1 tasks to %2</source>
        <translation>انتقال %1 وظیفه به %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="515"/>
        <source>Move task to %1: %2</source>
        <translation>انتقال وظیفه به %1: %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="349"/>
        <source>Move the %1 selected tasks to %2</source>
        <translation>انتقال %1 وظیفهٔ برگزیده به %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="353"/>
        <source>Edit…</source>
        <translation>ویرایش…</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="358"/>
        <source>Move to %1</source>
        <translation>انتقال به %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="521"/>
        <source>A new task for this incident…</source>
        <translation>وظیفه‌ای تازه برای این حادثه…</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="522"/>
        <source>Add task</source>
        <translation>افزودن وظیفه</translation>
    </message>
    <message>
        <location filename="../desktop/views/tasks.py" line="526"/>
        <source>Drag a card to move it, or Ctrl+Shift+arrow; right-click for more</source>
        <translation>برای جابه‌جایی، کارت را بکشید یا Ctrl+Shift+پیکان را بزنید؛ برای گزینه‌های بیشتر کلیک راست کنید</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="90"/>
        <source>Add team: %1</source>
        <translation>افزودن تیم: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="90"/>
        <location filename="../desktop/views/directory_teams.py" line="99"/>
        <source>Edit team: %1</source>
        <translation>ویرایش تیم: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="107"/>
        <source>Add a team</source>
        <translation>افزودن تیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="107"/>
        <source>Edit a team</source>
        <translation>ویرایش تیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="108"/>
        <source>&amp;Name</source>
        <translation>&amp;نام</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="108"/>
        <source>&amp;Lead</source>
        <translation>&amp;سرپرست</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="108"/>
        <source>&amp;Contact</source>
        <translation>&amp;راه تماس</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="109"/>
        <source>&amp;Description</source>
        <translation>&amp;شرح</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="112"/>
        <source>— nobody named —</source>
        <translation>— کسی تعیین نشده —</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="113"/>
        <source>e.g. on-call number, channel or mailbox</source>
        <translation>مثلاً شمارهٔ کشیک، کانال یا صندوق نامه</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="115"/>
        <source>A new name is carried over to the team&apos;s people and services.</source>
        <translation>نام تازه روی افراد و سرویس‌های این تیم هم می‌نشیند.</translation>
    </message>
</context>
<context>
    <name>TeamModel</name>
    <message>
        <location filename="../desktop/views/team.py" line="46"/>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="46"/>
        <source>Person</source>
        <translation>فرد</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="46"/>
        <source>Job title</source>
        <translation>سمت</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="47"/>
        <source>Team</source>
        <translation>تیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="47"/>
        <source>Phone</source>
        <translation>تلفن</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="47"/>
        <source>Since</source>
        <translation>از</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="48"/>
        <source>Until</source>
        <translation>تا</translation>
    </message>
</context>
<context>
    <name>TeamPage</name>
    <message>
        <location filename="../desktop/views/team.py" line="228"/>
        <source>Choose an incident on the board.</source>
        <translation>یک حادثه را در تابلوی زنده برگزینید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="230"/>
        <source>People of the teams that own the affected services, not on the team yet:</source>
        <translation>افراد تیم‌های مالک سرویس‌های آسیب‌دیده که هنوز در تیم حادثه نیستند:</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="233"/>
        <source>No one to suggest: the affected services have no owner team in the directory, or everyone in it is on the team already.</source>
        <translation>کسی برای پیشنهاد نیست: سرویس‌های آسیب‌دیده تیم مالکی در فهرست ندارند، یا همه اعضای آن در تیم حادثه هستند.</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="268"/>
        <source>Assign %1: %2</source>
        <translation>واگذاری %1: %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="287"/>
        <source>Release %1: %2</source>
        <translation>کناره‌گیری از %1: %2</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="300"/>
        <source>Two people hold %1: %2. Release the role for all but one.</source>
        <translation>دو نفر نقش %1 را دارند: %2. نقش را جز برای یک نفر آزاد کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="312"/>
        <source>Assign role</source>
        <translation>واگذاری نقش</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="313"/>
        <source>Release selected role</source>
        <translation>آزاد کردن نقش انتخاب‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="314"/>
        <source>Call in an outside expert…</source>
        <translation>فراخواندن کارشناس بیرونی…</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="315"/>
        <source>Someone not in the directory (a vendor&apos;s engineer, a consultant): added to it and named external expert in one step</source>
        <translation>کسی که در فهرست افراد نیست (مهندس یک پیمانکار، یک مشاور): در یک گام به فهرست افزوده و کارشناس بیرونی این حادثه می‌شود</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="317"/>
        <source>A one-person role is handed over: its holder steps down in the same edit</source>
        <translation>نقش تک‌نفره واگذار می‌شود: دارندهٔ کنونی در همان ویرایش کنار می‌رود</translation>
    </message>
    <message>
        <location filename="../desktop/views/team.py" line="318"/>
        <source>Form the team</source>
        <translation>تشکیل تیم</translation>
    </message>
</context>
<context>
    <name>TeamsModel</name>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="34"/>
        <source>Team</source>
        <translation>تیم</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="34"/>
        <source>Lead</source>
        <translation>سرپرست</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="34"/>
        <source>Contact</source>
        <translation>راه تماس</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="35"/>
        <source>People</source>
        <translation>افراد</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="35"/>
        <source>Services it owns</source>
        <translation>سرویس‌هایی که مالک آن است</translation>
    </message>
</context>
<context>
    <name>TeamsTab</name>
    <message>
        <source>A team is the name its people and the services it owns carry: change a person&apos;s or a service&apos;s team to move them.</source>
        <translation type="vanished">تیم همان نامی است که افرادش و سرویس‌هایی که مالک آن است دارند: برای جابه‌جایی، تیمِ فرد یا سرویس را تغییر دهید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="145"/>
        <source>Archive team: %1</source>
        <translation>بایگانی تیم: %1</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="149"/>
        <source>Add team…</source>
        <translation>افزودن تیم…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="150"/>
        <source>Edit…</source>
        <translation>ویرایش…</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="151"/>
        <source>Archive</source>
        <translation>بایگانی</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="152"/>
        <source>Only a team nobody carries any more. Edit ▸ Undo brings it back.</source>
        <translation>فقط تیمی که دیگر هیچ فرد یا سرویسی نام آن را ندارد. ویرایش ▸ واگرد آن را برمی‌گرداند.</translation>
    </message>
    <message>
        <location filename="../desktop/views/directory_teams.py" line="153"/>
        <source>People and services carry their team&apos;s name: renaming a team here renames it on all of them, in one step that Edit ▸ Undo takes back.</source>
        <translation>افراد و سرویس‌ها نام تیمشان را دارند: تغییر نام تیم در اینجا نام را روی همهٔ آن‌ها عوض می‌کند، در یک گام که ویرایش ▸ واگرد آن را برمی‌گرداند.</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <location filename="../desktop/views/timeline.py" line="35"/>
        <source>Time</source>
        <translation>زمان</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="35"/>
        <source>By</source>
        <translation>ثبت‌کننده</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="35"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="36"/>
        <source>Entry</source>
        <translation>رویداد</translation>
    </message>
</context>
<context>
    <name>TimelinePage</name>
    <message>
        <location filename="../desktop/views/timeline.py" line="183"/>
        <source>Add note</source>
        <translation>افزودن یادداشت</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="194"/>
        <source>Unpin</source>
        <translation>برداشتن سنجاق</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="194"/>
        <source>Pin</source>
        <translation>سنجاق کردن</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="197"/>
        <source>Add a note to the timeline and press Enter…</source>
        <translation>یادداشتی به خط زمانی بیفزایید و Enter را بزنید…</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="198"/>
        <source>Pinned</source>
        <translation>سنجاق‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/views/timeline.py" line="199"/>
        <source>Pin / unpin selected</source>
        <translation>سنجاق / برداشتن سنجاق انتخاب‌شده</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <source>Crisis Room — wall display</source>
        <translation type="vanished">اتاق بحران — نمایشگر دیواری</translation>
    </message>
    <message>
        <source>Major incidents</source>
        <translation type="vanished">حوادث مهم</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../desktop/views/welcome.py" line="585"/>
        <source>The station could not be made (details in crisisroom.log). Nothing was kept; try again.</source>
        <translation>ایستگاه ساخته نشد (جزئیات در crisisroom.log). چیزی نگه داشته نشد؛ دوباره تلاش کنید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="606"/>
        <source>Crisis Room — welcome</source>
        <translation>اتاق بحران — خوش آمدید</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="607"/>
        <source>Welcome to Crisis Room</source>
        <translation>به اتاق بحران خوش آمدید</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="608"/>
        <source>This computer has no station yet. A station keeps your organisation&apos;s incidents, people and services; it works offline, and syncs with the other stations through a hub. How do you want to start?</source>
        <translation>این رایانه هنوز ایستگاهی ندارد. ایستگاه، حادثه‌ها، افراد و سرویس‌های سازمان شما را نگه می‌دارد؛ بی‌شبکه هم کار می‌کند و از راه هاب با ایستگاه‌های دیگر همگام می‌شود. چگونه می‌خواهید شروع کنید؟</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="611"/>
        <source>New organisation</source>
        <translation>سازمان تازه</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="612"/>
        <source>Join a hub</source>
        <translation>پیوستن به هاب</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="611"/>
        <source>Start empty: you are its first person.</source>
        <translation>از صفر شروع کنید: شما نخستین فرد آن هستید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="612"/>
        <source>Your organisation already runs Crisis Room: take everything from its hub.</source>
        <translation>سازمان شما از پیش با اتاق بحران کار می‌کند: همه‌چیز را از هاب آن بگیرید.</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="614"/>
        <source>Invented incidents to try the app; never connected to a hub.</source>
        <translation>حادثه‌های ساختگی برای آزمودن برنامه؛ هرگز به هاب وصل نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="614"/>
        <source>Look around with demo data</source>
        <translation>گشتی با داده نمایشی</translation>
    </message>
    <message>
        <location filename="../desktop/views/welcome.py" line="622"/>
        <source>The station&apos;s database will be kept in %1</source>
        <translation>پایگاه‌داده این ایستگاه در %1 نگه داشته می‌شود</translation>
    </message>
</context>
<context>
    <name>WhysEditor</name>
    <message>
        <location filename="../desktop/views/problem.py" line="126"/>
        <source>Add a why</source>
        <translation>افزودن چرا</translation>
    </message>
    <message>
        <location filename="../desktop/views/problem.py" line="127"/>
        <source>Remove</source>
        <translation>حذف</translation>
    </message>
    <message>
        <location filename="../desktop/views/problem.py" line="128"/>
        <source>Move up</source>
        <translation>بالاتر</translation>
    </message>
    <message>
        <location filename="../desktop/views/problem.py" line="129"/>
        <source>Move down</source>
        <translation>پایین‌تر</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <location filename="../desktop/labels.py" line="647"/>
        <source>from %1 to %2</source>
        <translation>از %1 به %2</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="648"/>
        <source>Acknowledged</source>
        <translation>تأیید دریافت شد</translation>
    </message>
    <message>
        <source>Review: ✔ %1</source>
        <translation type="vanished">بازبینی: ✔ %1</translation>
    </message>
    <message>
        <source>Review: no longer ✔ %1</source>
        <translation type="vanished">بازبینی: دیگر ✔ نیست: %1</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="653"/>
        <source>Closed without a complete review (left: %1). Why: %2</source>
        <translation>بدون بازبینی کامل بسته شد (مانده: %1). دلیل: %2</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="655"/>
        <source>the fix is verified in production</source>
        <translation>رفع مشکل در محیط عملیاتی تأیید شده است</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="656"/>
        <source>monitoring confirms it</source>
        <translation>پایش آن را تأیید می‌کند</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="657"/>
        <source>the documentation is updated</source>
        <translation>مستندات به‌روز شده است</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="658"/>
        <source>lessons learned are written</source>
        <translation>درس‌آموخته‌ها نوشته شده است</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="659"/>
        <source>every action item has an owner and a due time</source>
        <translation>هر اقدام اصلاحی مالک و مهلت دارد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="660"/>
        <source>Reported as %1</source>
        <translation>گزارش شد با وضعیت %1</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="661"/>
        <source>%1: %2 took over from %3</source>
        <translation>%1: %2 به‌جای %3</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="662"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="663"/>
        <source>%1: %2 stepped down</source>
        <translation>%1: %2 کنار رفت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="664"/>
        <source>Task «%1» moved to %2</source>
        <translation>وظیفه «%1» به %2 منتقل شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="665"/>
        <source>Task added: %1</source>
        <translation>وظیفه افزوده شد: %1</translation>
    </message>
    <message>
        <source>Stakeholder message (%1) by %2 queued for %3 recipients</source>
        <translation type="vanished">پیام ذی‌نفعان (%1) با %2 برای %3 گیرنده در صف فرستادن قرار گرفت</translation>
    </message>
    <message>
        <source>Stakeholder message (%1) by %2 queued</source>
        <translation type="vanished">پیام ذی‌نفعان (%1) با %2 در صف فرستادن قرار گرفت</translation>
    </message>
    <message>
        <source>Stakeholder message (%1) by %2: %3 sent, %4 not sent, %5 may have arrived</source>
        <translation type="vanished">پیام ذی‌نفعان (%1) با %2: %3 فرستاده شد، %4 فرستاده نشد، %5 شاید رسیده باشد</translation>
    </message>
    <message>
        <source>Stakeholder message (%1) by %2 sent again to one recipient</source>
        <translation type="vanished">پیام ذی‌نفعان (%1) با %2 دوباره برای یک گیرنده فرستاده شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="649"/>
        <source>yes</source>
        <translation>بله</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="650"/>
        <source>no</source>
        <translation>خیر</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="651"/>
        <source>Review: ticked «%1»</source>
        <translation>بازبینی: «%1» تیک خورد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="652"/>
        <source>Review: unticked «%1»</source>
        <translation>بازبینی: تیک «%1» برداشته شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="666"/>
        <source>Task «%1» edited: %2</source>
        <translation>وظیفهٔ «%1» ویرایش شد: %2</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="667"/>
        <source>Stakeholder message (%1) via %2 queued for %3 recipients</source>
        <translation>پیام ذی‌نفعان (%1) با %2 برای %3 گیرنده در صف فرستادن قرار گرفت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="668"/>
        <source>Stakeholder message (%1) via %2 queued</source>
        <translation>پیام ذی‌نفعان (%1) با %2 در صف فرستادن قرار گرفت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="669"/>
        <source>Stakeholder message (%1) via %2: %3 sent, %4 not sent, %5 may have arrived</source>
        <translation>پیام ذی‌نفعان (%1) با %2: %3 فرستاده شد، %4 فرستاده نشد، %5 شاید رسیده باشد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="671"/>
        <source>Stakeholder message (%1) via %2 sent again to one recipient</source>
        <translation>پیام ذی‌نفعان (%1) با %2 دوباره برای یک گیرنده فرستاده شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="672"/>
        <source>Problem record linked</source>
        <translation>رکورد مشکل پیوند شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="673"/>
        <source>Change record linked</source>
        <translation>رکورد تغییر پیوند شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="674"/>
        <source>Marked as duplicate</source>
        <translation>به‌عنوان تکراری علامت خورد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="675"/>
        <source>Record linked</source>
        <translation>رکورد پیوند شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="676"/>
        <source>A duplicate report was merged into this incident</source>
        <translation>گزارشی تکراری در این حادثه ادغام شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="677"/>
        <source>A change was undone</source>
        <translation>یک تغییر واگرد شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="678"/>
        <source>An edit made at this station was replaced by a newer one from another station: %1</source>
        <translation>تعارض همگام‌سازی: ویرایشی که در این ایستگاه انجام شده بود با ویرایش تازه‌تری از ایستگاه دیگر جایگزین شد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="680"/>
        <source>Two stations each named a %1 while apart: %2 — decide who keeps the role</source>
        <translation>تعارض همگام‌سازی: دو ایستگاه در زمان قطع ارتباط هر کدام یک %1 تعیین کردند: %2 — تصمیم بگیرید نقش با چه کسی بماند</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="682"/>
        <source>A change was redone</source>
        <translation>یک تغییر دوباره اعمال شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="684"/>
        <source>Post-incident review</source>
        <translation>بازبینی پس از حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="685"/>
        <source>DRAFT — the incident is not closed</source>
        <translation>پیش‌نویس — حادثه هنوز بسته نشده است</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="686"/>
        <source>DRAFT</source>
        <translation>پیش‌نویس</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="687"/>
        <source>Page %1 of %2</source>
        <translation>صفحه %1 از %2</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="688"/>
        <location filename="../desktop/labels.py" line="756"/>
        <source>Generated</source>
        <translation>زمان تهیه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="689"/>
        <location filename="../desktop/labels.py" line="781"/>
        <source>Reference</source>
        <translation>شناسه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="689"/>
        <location filename="../desktop/labels.py" line="783"/>
        <source>Severity</source>
        <translation>شدت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="690"/>
        <location filename="../desktop/labels.py" line="784"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="690"/>
        <location filename="../desktop/labels.py" line="785"/>
        <source>Declared</source>
        <translation>اعلام‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="691"/>
        <source>Resolved</source>
        <translation>رفع‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="691"/>
        <source>Duration</source>
        <translation>مدت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="692"/>
        <source>Incident commander</source>
        <translation>فرمانده حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="692"/>
        <source>Authors</source>
        <translation>نویسندگان</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="693"/>
        <source>Executive summary</source>
        <translation>خلاصه مدیریتی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="694"/>
        <source>Impact</source>
        <translation>اثر</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="694"/>
        <source>Affected services</source>
        <translation>سرویس‌های آسیب‌دیده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="695"/>
        <source>Users</source>
        <translation>کاربران</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="695"/>
        <source>Business impact</source>
        <translation>اثر بر کسب‌وکار</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="696"/>
        <source>Detection</source>
        <translation>تشخیص</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="696"/>
        <source>Reported via</source>
        <translation>کانال گزارش</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="697"/>
        <source>Detected at</source>
        <translation>زمان تشخیص</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="697"/>
        <source>Reported at</source>
        <translation>زمان گزارش</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="698"/>
        <source>Time to detect</source>
        <translation>زمان تا تشخیص</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="699"/>
        <source>Phases</source>
        <translation>مراحل</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="700"/>
        <source>Timeline</source>
        <translation>خط زمانی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="700"/>
        <source>Timeline (pinned entries)</source>
        <translation>خط زمانی (رویدادهای سنجاق‌شده)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="701"/>
        <source>Time</source>
        <translation>زمان</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="701"/>
        <source>By</source>
        <translation>ثبت‌کننده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="701"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="702"/>
        <source>Entry</source>
        <translation>رویداد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="703"/>
        <source>Responders and roles</source>
        <translation>پاسخ‌دهندگان و نقش‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="703"/>
        <source>Person</source>
        <translation>فرد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="704"/>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="704"/>
        <source>From</source>
        <translation>از</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="704"/>
        <source>To</source>
        <translation>تا</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="705"/>
        <source>Root cause and contributing factors</source>
        <translation>علت ریشه‌ای و عوامل مؤثر</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="706"/>
        <source>Problem record</source>
        <translation>رکورد مشکل</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="706"/>
        <source>Known error</source>
        <translation>خطای شناخته‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="707"/>
        <source>Workaround</source>
        <translation>راه‌حل موقت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="707"/>
        <source>Five whys</source>
        <translation>پنج چرا</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="708"/>
        <source>Resolution and recovery</source>
        <translation>رفع و بازیابی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="708"/>
        <source>Change record</source>
        <translation>رکورد تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="709"/>
        <source>Plan</source>
        <translation>برنامه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="709"/>
        <source>Risk</source>
        <translation>ریسک</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="710"/>
        <source>Rollback plan</source>
        <translation>برنامه بازگشت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="710"/>
        <source>Implemented at</source>
        <translation>زمان پیاده‌سازی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="711"/>
        <source>Outcome</source>
        <translation>نتیجه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="711"/>
        <source>Approval</source>
        <translation>تأیید</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="712"/>
        <source>Metrics</source>
        <translation>شاخص‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="712"/>
        <source>Time to acknowledge</source>
        <translation>زمان تا تأیید دریافت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="713"/>
        <source>Time to contain</source>
        <translation>زمان تا مهار</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="713"/>
        <location filename="../desktop/labels.py" line="777"/>
        <source>Time to resolve</source>
        <translation>زمان تا رفع</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="714"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="714"/>
        <source>Met (target %1)</source>
        <translation>رعایت شد (هدف %1)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="715"/>
        <source>Breached by %1 (target %2)</source>
        <translation>نقض به‌مدت %1 (هدف %2)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="716"/>
        <source>Running: %1 left (target %2)</source>
        <translation>در جریان: %1 مانده (هدف %2)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="717"/>
        <source>Lessons learned</source>
        <translation>درس‌آموخته‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="717"/>
        <source>What went well</source>
        <translation>آنچه خوب پیش رفت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="718"/>
        <source>What went wrong</source>
        <translation>آنچه بد پیش رفت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="718"/>
        <source>Where we got lucky</source>
        <translation>جایی که شانس آوردیم</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="719"/>
        <source>Action items</source>
        <translation>اقدامات اصلاحی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="719"/>
        <source>Task</source>
        <translation>وظیفه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="720"/>
        <location filename="../desktop/labels.py" line="735"/>
        <source>Owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="720"/>
        <source>Due</source>
        <translation>مهلت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="721"/>
        <source>Communications sent</source>
        <translation>اطلاع‌رسانی‌های ارسال‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="721"/>
        <source>Audience</source>
        <translation>مخاطب</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="722"/>
        <source>Channel</source>
        <translation>کانال</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="722"/>
        <source>Message</source>
        <translation>پیام</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="723"/>
        <source>Post-implementation review</source>
        <translation>بازبینی پس از پیاده‌سازی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="724"/>
        <source>Related records</source>
        <translation>رکوردهای مرتبط</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="724"/>
        <source>Duplicate of</source>
        <translation>تکراریِ</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="725"/>
        <source>Duplicates of this incident</source>
        <translation>حادثه‌های تکراری این حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="726"/>
        <source>Not recorded.</source>
        <translation>ثبت نشده است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="726"/>
        <source>No entries.</source>
        <translation>رویدادی ثبت نشده است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="727"/>
        <source>No action items recorded.</source>
        <translation>اقدام اصلاحی ثبت نشده است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="728"/>
        <source>No communications were recorded for this incident.</source>
        <translation>برای این حادثه اطلاع‌رسانی‌ای ثبت نشده است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="729"/>
        <source>No roles were assigned.</source>
        <translation>نقشی واگذار نشده است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="730"/>
        <source>No problem record is linked: the root cause has not been analysed.</source>
        <translation>رکورد مشکلی پیوند نشده است: علت ریشه‌ای هنوز تحلیل نشده است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="731"/>
        <source>No change record is linked.</source>
        <translation>رکورد تغییری پیوند نشده است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="732"/>
        <source>No problem record is linked.</source>
        <translation>رکورد مشکلی پیوند ندارد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="733"/>
        <source>Not analysed yet.</source>
        <translation>هنوز تحلیل نشده است.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="734"/>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="736"/>
        <source>Root cause</source>
        <translation>علت ریشه‌ای</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="737"/>
        <source>Contributing factors</source>
        <translation>عوامل مؤثر</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="738"/>
        <source>What is changed and why</source>
        <translation>چه تغییر می‌کند و چرا</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="739"/>
        <source>%1 by %2, %3</source>
        <translation>%1 به دست %2، %3</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="740"/>
        <source>Scheduled for</source>
        <translation>زمان‌بندی‌شده برای</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="741"/>
        <source>Check</source>
        <translation>بررسی</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="742"/>
        <source>Done</source>
        <translation>انجام شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="743"/>
        <source>Yes</source>
        <translation>بله</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="744"/>
        <source>Yes, %1</source>
        <translation>بله، %1</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="745"/>
        <source>No</source>
        <translation>خیر</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="746"/>
        <source>not yet</source>
        <translation>هنوز نه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="747"/>
        <source>still holds the role</source>
        <translation>هنوز در این نقش است</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="748"/>
        <source>%1 messages to users</source>
        <translation>%1 پیام به کاربران</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="750"/>
        <source>Monthly major-incident report</source>
        <translation>گزارش ماهانهٔ حوادث مهم</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="751"/>
        <source>Period</source>
        <translation>دوره</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="752"/>
        <source>%1 to %2</source>
        <translation>%1 تا %2</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="753"/>
        <source>Compared with</source>
        <translation>در مقایسه با</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="754"/>
        <source>Major incidents counted</source>
        <translation>حوادث مهم شمرده‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="755"/>
        <source>Exercises (not counted)</source>
        <translation>تمرین‌ها (شمرده‌نشده)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="757"/>
        <source>Counted: declared in the month, not cancelled, not merged into another incident, not an exercise.</source>
        <translation>شمرده‌شده: اعلام‌شده در این ماه، لغونشده، ادغام‌نشده در حادثه‌ای دیگر، و نه تمرین.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="759"/>
        <source>Figures</source>
        <translation>شاخص‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="760"/>
        <source>Measure</source>
        <translation>شاخص</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="761"/>
        <source>Change</source>
        <translation>تغییر</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="762"/>
        <source>Major incidents</source>
        <translation>حوادث مهم</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="763"/>
        <source>MTTA</source>
        <translation>MTTA</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="764"/>
        <source>MTTR</source>
        <translation>MTTR</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="765"/>
        <source>Mean time between incidents</source>
        <translation>میانگین زمان بین حوادث</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="766"/>
        <source>SLA breaches</source>
        <translation>نقض‌های SLA</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="767"/>
        <source>Mean time in %1</source>
        <translation>میانگین زمان در %1</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="768"/>
        <source>The last twelve months</source>
        <translation>دوازده ماه گذشته</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="769"/>
        <source>Major incidents per month</source>
        <translation>حوادث مهم در هر ماه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="770"/>
        <source>MTTR per month (hours)</source>
        <translation>MTTR در هر ماه (ساعت)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="771"/>
        <source>MTTR per month (minutes)</source>
        <translation>MTTR در هر ماه (دقیقه)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="772"/>
        <source>Per service</source>
        <translation>بر پایهٔ سرویس</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="773"/>
        <source>Per severity</source>
        <translation>بر پایهٔ شدت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="774"/>
        <source>Per incident commander</source>
        <translation>بر پایهٔ فرمانده حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="775"/>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="776"/>
        <source>(none)</source>
        <translation>(هیچ)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="778"/>
        <source>up to %1 h</source>
        <translation>تا %1 ساعت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="779"/>
        <source>over %1 h</source>
        <translation>بیش از %1 ساعت</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="780"/>
        <source>The month&apos;s major incidents</source>
        <translation>حوادث مهم این ماه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="782"/>
        <source>Incident and postmortem</source>
        <translation>حادثه و گزارش پس از حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="786"/>
        <source>TTA</source>
        <translation>زمان تا تأیید</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="787"/>
        <source>TTR</source>
        <translation>زمان تا رفع</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="788"/>
        <source>Postmortem: %1</source>
        <translation>گزارش پس از حادثه: %1</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="789"/>
        <source>Postmortem (draft): %1</source>
        <translation>گزارش پس از حادثه (پیش‌نویس): %1</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="790"/>
        <source>No major incident was declared this month.</source>
        <translation>این ماه حادثهٔ مهمی اعلام نشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="791"/>
        <source>Exercises</source>
        <translation>تمرین‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="792"/>
        <source>Drills are listed here only: they are in none of the figures above.</source>
        <translation>تمرین‌ها فقط اینجا فهرست شده‌اند: در هیچ‌یک از شاخص‌های بالا نیستند.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="794"/>
        <source>No exercise was run this month.</source>
        <translation>این ماه تمرینی انجام نشد.</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="802"/>
        <source>set to %1</source>
        <translation>%1 ثبت شد</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="803"/>
        <source>cleared (was %1)</source>
        <translation>پاک شد (پیش‌تر: %1)</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="804"/>
        <source>%1, when the incident was closed</source>
        <translation>%1، هنگام بستن حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/labels.py" line="805"/>
        <source>%1, when the incident was cancelled</source>
        <translation>%1، هنگام لغو حادثه</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <location filename="../desktop/cli.py" line="23"/>
        <source>usage: </source>
        <translation>استفاده: </translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="23"/>
        <source>options</source>
        <translation>گزینه‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="24"/>
        <source>positional arguments</source>
        <translation>آرگومان‌های جایگاهی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="25"/>
        <source>show this help message and exit</source>
        <translation>نمایش این راهنما و خروج</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="132"/>
        <source>show program&apos;s version number and exit</source>
        <translation>نمایش شمارهٔ نسخهٔ برنامه و خروج</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="26"/>
        <source>%(prog)s: error: %(message)s
</source>
        <translation>%(prog)s: خطا: %(message)s
</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="28"/>
        <source>invalid choice: %(value)r (choose from %(choices)s)</source>
        <translation>گزینه نامعتبر: %(value)r (یکی از %(choices)s)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="29"/>
        <source>the following arguments are required: %s</source>
        <translation>این آرگومان‌ها لازم‌اند: %s</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="30"/>
        <source>unrecognized arguments: %s</source>
        <translation>آرگومان‌های ناشناخته: %s</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="31"/>
        <source>expected one argument</source>
        <translation>یک مقدار لازم است</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="32"/>
        <source>argument %(argument_name)s: %(message)s</source>
        <translation>آرگومان %(argument_name)s: %(message)s</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="33"/>
        <source>invalid %(type)s value: %(value)r</source>
        <translation>مقدار نامعتبر: %(value)r</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="43"/>
        <source>not a whole number: %1</source>
        <translation>عدد صحیح نیست: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="50"/>
        <source>must be at least 1: %1</source>
        <translation>باید دست‌کم ۱ باشد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="63"/>
        <source>the scale is at most %1 (about %2 incidents): %3</source>
        <translation>اندازهٔ داده‌های نمایشی حداکثر %1 است (حدود %2 حادثه): %3</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="80"/>
        <source>size must look like 1920x1080: %1</source>
        <translation>اندازه باید به شکل 1920x1080 باشد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="87"/>
        <source>the size %1 is too large for a screenshot: at most %2 pixels (or %3 upright)</source>
        <translation>اندازهٔ %1 برای تصویر نما بیش از حد بزرگ است: حداکثر %2 پیکسل (یا %3 ایستاده)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="106"/>
        <source>a mail server looks like HOST:PORT, e.g. mail.example.org:25: %1</source>
        <translation>نشانی سرور ایمیل به شکل HOST:PORT است، مثلاً mail.example.org:25: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="123"/>
        <source>station database file (default: the platform&apos;s data folder)</source>
        <translation>پرونده پایگاه‌داده ایستگاه (پیش‌فرض: پوشه داده‌های سامانه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="125"/>
        <source>language of the interface and messages (default: fa)</source>
        <translation>زبان رابط و پیام‌ها (پیش‌فرض: fa)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="128"/>
        <source>Crisis Room: run the crisis room during a major incident. Without a command, starts the application.</source>
        <translation>اتاق بحران: اداره اتاق بحران هنگام حادثه مهم. بدون فرمان، برنامه را باز می‌کند.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="134"/>
        <source>start as the wall display: full screen, read only</source>
        <translation>اجرا به‌صورت نمایشگر دیواری: تمام‌صفحه، فقط خواندنی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="136"/>
        <source>with --wall: the screen to fill, 0 the primary (default: the station&apos;s wall setting)</source>
        <translation>با ‎--wall‎: صفحه‌نمایشی که پر شود، ۰ صفحه‌نمایش اصلی (پیش‌فرض: تنظیم دیوار در این ایستگاه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="139"/>
        <location filename="../desktop/cli.py" line="223"/>
        <location filename="../desktop/cli.py" line="246"/>
        <source>commands</source>
        <translation>فرمان‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="141"/>
        <source>fill a new database with demo data</source>
        <translation>پر کردن یک پایگاه‌داده تازه با داده نمایشی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="143"/>
        <source>size of the data: 1 is about eight incidents, 100 about a thousand</source>
        <translation>اندازه داده: ۱ حدود هشت حادثه، ۱۰۰ حدود هزار حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="146"/>
        <source>create an empty station for a new organisation</source>
        <translation>ساختن ایستگاهی خالی برای سازمانی تازه</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="149"/>
        <source>the station&apos;s name, e.g. the room or laptop it runs on</source>
        <translation>نام ایستگاه، مثلاً اتاق یا لپ‌تاپی که روی آن کار می‌کند</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="150"/>
        <source>the short code in front of this station&apos;s incident references, e.g. HQ</source>
        <translation>کد کوتاهی که شمارهٔ حادثه‌های این ایستگاه با آن شروع می‌شود، مثلاً HQ</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="153"/>
        <source>what the station is (default: coordinator)</source>
        <translation>نوع ایستگاه (پیش‌فرض: coordinator، هماهنگ‌کننده)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="154"/>
        <source>who is operating the station: the first person in its directory</source>
        <translation>چه کسی با ایستگاه کار می‌کند: نخستین نفر فهرست افراد آن</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="158"/>
        <source>import people, services or stakeholder groups from a CSV file</source>
        <translation>واردکردن افراد، سرویس‌ها یا گروه‌های ذی‌نفع از پرونده CSV</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="161"/>
        <source>what the file lists</source>
        <translation>آنچه پرونده فهرست می‌کند</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="162"/>
        <source>the CSV file; its first row names the columns (see the README)</source>
        <translation>پرونده CSV؛ سطر نخست آن نام ستون‌ها را دارد (README را ببینید)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="164"/>
        <source>import the good rows even when others are refused (default: all or nothing)</source>
        <translation>واردکردن سطرهای درست حتی وقتی سطرهای دیگر پذیرفته نمی‌شوند (پیش‌فرض: همه یا هیچ)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="167"/>
        <source>say what would be imported; write nothing</source>
        <translation>گفتن آنچه وارد می‌شود، بی‌آنکه چیزی نوشته شود</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="168"/>
        <source>the file&apos;s encoding when it cannot be told, e.g. cp1256 (Windows Persian)</source>
        <translation>رمزگذاری پرونده وقتی تشخیص‌دادنی نیست، مثلاً cp1256 (فارسی ویندوز)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="170"/>
        <source>who imports: a name in the directory or a person&apos;s id (default: this station&apos;s operator)</source>
        <translation>چه کسی وارد می‌کند: نامی در فهرست افراد یا شناسهٔ یک نفر (پیش‌فرض: کاربر این ایستگاه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="174"/>
        <source>print all shared data as canonical JSON</source>
        <translation>چاپ همه داده‌های مشترک به‌صورت JSON استاندارد</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="175"/>
        <location filename="../desktop/cli.py" line="186"/>
        <source>output format</source>
        <translation>قالب خروجی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="176"/>
        <location filename="../desktop/cli.py" line="189"/>
        <source>write to this file instead of standard output</source>
        <translation>نوشتن در این پرونده به‌جای خروجی استاندارد</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="179"/>
        <source>MTTA, MTTR, how many major incidents and how often, for a period</source>
        <translation>MTTA، MTTR، شمار حوادث مهم و فاصلهٔ میان آن‌ها، برای یک دوره</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="181"/>
        <source>the first day, Jalali (1405/09/01) or Gregorian (2026-11-22), digits in any script</source>
        <translation>نخستین روز، شمسی (1405/09/01) یا میلادی (2026-11-22)، با رقم‌های هر خطی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="183"/>
        <source>the last day, included (without dates: all time)</source>
        <translation>آخرین روز، خودش هم شمرده می‌شود (بی‌تاریخ: همهٔ زمان‌ها)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="187"/>
        <source>with csv: the incidents behind the figures instead of the figures</source>
        <translation>با csv: حادثه‌های پشت شاخص‌ها به جای خود شاخص‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="193"/>
        <source>write an incident&apos;s postmortem as PDF</source>
        <translation>نوشتن گزارش پس از حادثه به‌صورت PDF</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="195"/>
        <location filename="../desktop/cli.py" line="211"/>
        <source>the incident&apos;s id or reference, e.g. INC-HQ-1405-0001</source>
        <translation>شناسه یا کد حادثه، مثلاً INC-HQ-1405-0001</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="196"/>
        <location filename="../desktop/cli.py" line="205"/>
        <source>the PDF file to write</source>
        <translation>پرونده PDF خروجی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="198"/>
        <source>only pinned timeline entries</source>
        <translation>فقط رویدادهای سنجاق‌شده خط زمانی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="201"/>
        <source>write a month&apos;s major-incident report as PDF</source>
        <translation>نوشتن گزارش ماهانهٔ حوادث مهم به شکل PDF</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="203"/>
        <source>the month, Jalali (1405/08) or Gregorian (2026/11), digits in any script (default: the last full month)</source>
        <translation>ماه، شمسی (1405/08) یا میلادی (2026/11)، با رقم‌های هر خطی (پیش‌فرض: آخرین ماه کامل)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="209"/>
        <source>move an incident through its lifecycle</source>
        <translation>جابه‌جایی حادثه در چرخه عمر</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="215"/>
        <source>the new status, or acknowledged</source>
        <translation>وضعیت تازه، یا acknowledged برای تأیید دریافت</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="217"/>
        <source>the change record that carried the fix (with resolved)</source>
        <translation>رکورد تغییری که رفع با آن انجام شد (همراه resolved)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="218"/>
        <source>who makes the move: a name in the directory or a person&apos;s id (default: this station&apos;s operator)</source>
        <translation>چه کسی این جابه‌جایی را انجام می‌دهد: نامی در فهرست افراد یا شناسهٔ یک نفر (پیش‌فرض: کاربر این ایستگاه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="222"/>
        <source>administer the sync hub</source>
        <translation>مدیریت هاب همگام‌سازی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="224"/>
        <source>create or update the hub&apos;s schema</source>
        <translation>ساخت یا به‌روزرسانی ساختار هاب</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="225"/>
        <source>create a station&apos;s login; prints its URL last</source>
        <translation>ساخت ورود یک ایستگاه؛ نشانی آن در خط آخر چاپ می‌شود</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="226"/>
        <source>stop a lost station from connecting</source>
        <translation>جلوگیری از اتصال ایستگاه گم‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="229"/>
        <source>the station&apos;s name</source>
        <translation>نام ایستگاه</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="230"/>
        <source>the hub&apos;s administrator URL</source>
        <translation>نشانی مدیر هاب</translation>
    </message>
    <message>
        <source>sync with the hub</source>
        <translation type="vanished">همگام‌سازی با هاب</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="617"/>
        <source>no one is operating this station: give --by with your name as in the directory, or choose the operator in the app (File ▸ This station)</source>
        <translation>کسی با این ایستگاه کار نمی‌کند: نام خود را همان‌گونه که در فهرست افراد است با ‎--by‎ بدهید، یا کاربر ایستگاه را در برنامه انتخاب کنید (پرونده ◂ این ایستگاه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="623"/>
        <source>no one in the directory is named %1</source>
        <translation>کسی با نام %1 در فهرست افراد نیست</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="624"/>
        <source>several people are named %1: give the person&apos;s id</source>
        <translation>چند نفر با نام %1 هستند: شناسهٔ آن شخص را بدهید</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="652"/>
        <source>the station&apos;s name is empty</source>
        <translation>نام ایستگاه خالی است</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="653"/>
        <source>a station name is at most 30 characters: %1</source>
        <translation>نام ایستگاه حداکثر ۳۰ نویسه است: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="654"/>
        <source>a station name is lower-case Latin letters, digits and _, starting with a letter: %1</source>
        <translation>نام ایستگاه از حروف کوچک لاتین، رقم و _ است و با یک حرف آغاز می‌شود: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="680"/>
        <source>no database at %1: give --hub to join a hub with a new, empty station there</source>
        <translation>پایگاه‌داده‌ای در %1 نیست: برای پیوستن به هاب با ایستگاهی تازه و خالی در آنجا، ‎--hub‎ را بدهید</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="729"/>
        <source>A new station at %1 joined the hub.</source>
        <translation>ایستگاهی تازه در %1 به هاب پیوست.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="754"/>
        <source>got back %1 of this station&apos;s own edits from the hub (the database had been restored from a backup)</source>
        <translation>%1 ویرایشِ خود این ایستگاه از هاب بازگردانده شد (پایگاه داده از نسخهٔ پشتیبان بازیابی شده بود)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="757"/>
        <source>held the edit at hub position %1: %2</source>
        <translation>ویرایشِ جایگاه %1 هاب نگه داشته شد: %2</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="758"/>
        <source>refused the edit at hub position %1: %2</source>
        <translation>ویرایشِ جایگاه %1 هاب پذیرفته نشد: %2</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="762"/>
        <source>the hub refused this station&apos;s edit number %1: %2</source>
        <translation>هاب ویرایش شمارهٔ %1 این ایستگاه را نپذیرفت: %2</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="835"/>
        <source>%1 recipients were being sent to when delivery last stopped: they may have the message. They are not sent again on their own; check with them, then send again from the app.</source>
        <translation>آخرین بار که فرستادن متوقف شد، پیام در حال فرستادن به %1 گیرنده بود: شاید پیام به دستشان رسیده باشد. این پیام‌ها خودبه‌خود دوباره فرستاده نمی‌شوند؛ از آنان بپرسید و سپس از برنامه دوباره بفرستید.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="856"/>
        <source>Nothing to send.</source>
        <translation>چیزی برای فرستادن نیست.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="859"/>
        <source>Sent %1, not sent %2, waiting %3, may have arrived %4.</source>
        <translation>فرستاده‌شده %1، فرستاده‌نشده %2، در انتظار %3، شاید رسیده %4.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="870"/>
        <source>sent: %1</source>
        <translation>فرستاده شد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="872"/>
        <source>not sent: %1 — %2</source>
        <translation>فرستاده نشد: %1 — %2</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="873"/>
        <source>waiting, tried again later: %1 — %2</source>
        <translation>در انتظار، بعداً دوباره تلاش می‌شود: %1 — %2</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="874"/>
        <source>may have arrived: %1 — %2</source>
        <translation>شاید رسیده باشد: %1 — %2</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="890"/>
        <source>Recipients: %1</source>
        <translation>گیرندگان: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="894"/>
        <source>No message has been queued yet.</source>
        <translation>هنوز پیامی در صف گذاشته نشده است.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="896"/>
        <source>Latest messages:</source>
        <translation>پیام‌های اخیر:</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="904"/>
        <source> (sent by another station)</source>
        <translation> (فرستنده: ایستگاهی دیگر)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="905"/>
        <source>%1  %2  %3  %4: %5%6</source>
        <translation>%1  %2  %3  %4: %5%6</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="919"/>
        <source>no incident has such a record, so there is nothing to show</source>
        <translation>هیچ حادثه‌ای چنین رکوردی ندارد؛ چیزی برای نمایش نیست</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="921"/>
        <source>no critical incident is active, so the wall has no focus page</source>
        <translation>هیچ حادثه بحرانی فعالی نیست، پس نمایشگر دیواری صفحه تمرکز ندارد</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="925"/>
        <source>the view did not finish loading, so nothing was written</source>
        <translation>بارگذاری نما کامل نشد، پس چیزی نوشته نشد</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="241"/>
        <source>one round, then exit (default: keep syncing)</source>
        <translation>یک دور و خروج (پیش‌فرض: همگام‌سازی پیوسته)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="233"/>
        <source>sync with the hub (with no database yet: a new, empty station joins the hub)</source>
        <translation>همگام‌سازی با هاب (اگر پایگاه‌داده‌ای نیست: ایستگاهی تازه و خالی به هاب می‌پیوندد)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="259"/>
        <source>render a view to a PNG file</source>
        <translation>ذخیره تصویر یک نما در پرونده PNG</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="261"/>
        <source>which view to render</source>
        <translation>کدام نما</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="263"/>
        <source>with --view wall: the page (focus: the first critical incident&apos;s; metrics: this month against the last)</source>
        <translation>با ‎--view wall‎: صفحه (focus: صفحه نخستین حادثه بحرانی؛ metrics: این ماه در برابر ماه پیش)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="265"/>
        <source>window size, e.g. 1920x1080</source>
        <translation>اندازه پنجره، مثلاً 1920x1080</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="266"/>
        <source>the PNG file to write</source>
        <translation>پرونده PNG خروجی</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="272"/>
        <location filename="../desktop/cli.py" line="852"/>
        <source>crisisroom: %1</source>
        <translation>crisisroom: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="336"/>
        <source>the database already has incidents; demo data goes into a new one</source>
        <translation>این پایگاه‌داده حادثه دارد؛ داده نمایشی فقط در پایگاه‌داده تازه نوشته می‌شود</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="344"/>
        <source>demo: %1 of %2 incidents</source>
        <translation>داده نمایشی: %1 از %2 حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="350"/>
        <source>Demo data written to %1</source>
        <translation>داده نمایشی در %1 نوشته شد</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="310"/>
        <source>no database at %1</source>
        <translation>پایگاه‌داده‌ای در %1 نیست</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="235"/>
        <source>this station&apos;s hub URL (remembered for this database; the password goes to the keyring)</source>
        <translation>نشانی هاب این ایستگاه (برای این پایگاه‌داده به خاطر سپرده می‌شود؛ گذرواژه در کلیدبان سیستم نگه داشته می‌شود)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="519"/>
        <location filename="../desktop/cli.py" line="590"/>
        <source>no incident with the id or reference %1</source>
        <translation>حادثه‌ای با شناسه یا کد %1 وجود ندارد</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="vanished">نوشتن %1 ممکن نشد: %2</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="531"/>
        <source>Postmortem written to %1 (%2 pages)</source>
        <translation>گزارش پس از حادثه در %1 نوشته شد (%2 صفحه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="601"/>
        <source>%1 cannot go from %2 to %3.</source>
        <translation>%1 نمی‌تواند از «%2» به «%3» برود.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="606"/>
        <source>%1 is now %2.</source>
        <translation>%1 اکنون %2 است.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="605"/>
        <source>acknowledged</source>
        <translation>تأیید دریافت‌شده</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="244"/>
        <source>deliver the stakeholder messages this station queued, or say how delivery stands</source>
        <translation>فرستادن پیام‌هایی که این ایستگاه برای ذی‌نفعان در صف گذاشته، یا گزارش وضعیت فرستادن آن‌ها</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="248"/>
        <source>send the email this station queued; exit status 1 when any could not be sent now</source>
        <translation>فرستادن ایمیل‌هایی که این ایستگاه در صف گذاشته؛ اگر یکی از آن‌ها اکنون فرستاده نشود، وضعیت خروج ۱ است</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="250"/>
        <source>this mail server, without encryption or login (default: the station&apos;s mail settings)</source>
        <translation>این سرور ایمیل، بدون رمزنگاری و ورود (پیش‌فرض: تنظیمات ایمیل ایستگاه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="252"/>
        <source>the sender&apos;s address (default: the station&apos;s mail settings)</source>
        <translation>نشانی فرستنده (پیش‌فرض: تنظیمات ایمیل ایستگاه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="255"/>
        <source>count recipients by delivery state and list the latest messages</source>
        <translation>شمار گیرندگان به تفکیک وضعیت فرستادن، و فهرست پیام‌های اخیر</translation>
    </message>
    <message>
        <source>with --view wall: the page (focus: the first critical incident&apos;s)</source>
        <translation type="vanished">با ‎--view wall‎: صفحه (focus: صفحه نخستین حادثه بحرانی)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="364"/>
        <source>Station %1 (%2) is ready at %3, operated by %4.</source>
        <translation>ایستگاه %1 (%2) در %3 آماده است و %4 با آن کار می‌کند.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="378"/>
        <source>no file at %1</source>
        <translation>پرونده‌ای در %1 نیست</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="384"/>
        <source>give the encoding with --encoding, e.g. --encoding cp1256</source>
        <translation>رمزگذاری را با ‎--encoding‎ بدهید، مثلاً ‎--encoding cp1256‎</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="394"/>
        <source>Nothing was written: %1 to add, %2 to update, %3 unchanged, %4 refused.</source>
        <translation>چیزی نوشته نشد: %1 افزودنی، %2 به‌روزرسانی، %3 بدون تغییر، %4 ردشده.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="407"/>
        <source>Imported: %1 added, %2 updated, %3 unchanged, %4 refused.</source>
        <translation>وارد شد: %1 افزوده، %2 به‌روزشده، %3 بدون تغییر، %4 ردشده.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="418"/>
        <location filename="../desktop/cli.py" line="889"/>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="421"/>
        <source>line %1: add %2</source>
        <translation>سطر %1: افزودن %2</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="423"/>
        <source>line %1: update %2 (%3)</source>
        <translation>سطر %1: به‌روزرسانی %2 (%3)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="432"/>
        <source>line %1: %2</source>
        <translation>سطر %1: %2</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="461"/>
        <source>%1 is not a date: type year/month/day, Jalali (1405/09/01) or Gregorian (2026-11-22)</source>
        <translation>%1 تاریخ نیست: سال/ماه/روز بنویسید، شمسی (1405/09/01) یا میلادی (2026-11-22)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="463"/>
        <source>the period ends before it starts: %1</source>
        <translation>دوره پیش از آغازش پایان می‌یابد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="562"/>
        <source>%1 is not a month: type year/month, Jalali (1405/08) or Gregorian (2026/11)</source>
        <translation>%1 ماه نیست: سال/ماه بنویسید، شمسی (1405/08) یا میلادی (2026/11)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="572"/>
        <source>Monthly report written to %1 (%2 pages)</source>
        <translation>گزارش ماهانه در %1 نوشته شد (%2 صفحه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="637"/>
        <source>The hub is ready.</source>
        <translation>هاب آماده است.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="639"/>
        <source>These databases on the server accept any login, the stations&apos; too: %1. Close them with “REVOKE CONNECT ON DATABASE name FROM PUBLIC” or in pg_hba.conf.</source>
        <translation>این پایگاه‌های داده روی سرور هر ورودی، از جمله ورود ایستگاه‌ها، را می‌پذیرند: %1. آن‌ها را با «REVOKE CONNECT ON DATABASE name FROM PUBLIC» یا در pg_hba.conf ببندید.</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="645"/>
        <source>Station %1 can sync with:</source>
        <translation>ایستگاه %1 با این نشانی همگام می‌شود:</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="649"/>
        <source>Station %1 can no longer connect.</source>
        <translation>ایستگاه %1 دیگر نمی‌تواند وصل شود.</translation>
    </message>
    <message>
        <source>the hub refused: %1</source>
        <translation type="vanished">هاب نپذیرفت: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="714"/>
        <source>no hub is set for this database: give --hub once</source>
        <translation>برای این پایگاه‌داده هابی تعیین نشده است: یک بار ‎--hub‎ را بدهید</translation>
    </message>
    <message>
        <source>the hub cannot be reached (working offline): %1</source>
        <translation type="vanished">هاب در دسترس نیست (کار به‌صورت آفلاین ادامه دارد): %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="751"/>
        <source>sent %1, received %2</source>
        <translation>ارسال %1، دریافت %2</translation>
    </message>
    <message>
        <source>cannot write the file: %1</source>
        <translation type="vanished">نوشتن پرونده ممکن نشد: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="238"/>
        <source>read the hub&apos;s password from standard input (never on the command line, where others can see it)</source>
        <translation>گذرواژه هاب را از ورودی استاندارد بخوان (هرگز در خط فرمان، جایی که دیگران آن را می‌بینند)</translation>
    </message>
    <message>
        <source>a station name is 1 to 30 lower-case Latin letters, digits and _, starting with a letter: %1</source>
        <translation type="vanished">نام ایستگاه ۱ تا ۳۰ حرف کوچک لاتین، رقم و _ است و با یک حرف آغاز می‌شود: %1</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="656"/>
        <source>the server already has a login %1 that this hub did not create; choose another station name</source>
        <translation>سرور از پیش ورودی به نام %1 دارد که این هاب نساخته است؛ نام دیگری برای ایستگاه برگزینید</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="658"/>
        <source>this hub has no station %1</source>
        <translation>این هاب ایستگاهی به نام %1 ندارد</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="695"/>
        <source>no password came on standard input</source>
        <translation>گذرواژه‌ای از ورودی استاندارد نرسید</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="703"/>
        <source>the hub URL is not valid; it looks like postgresql://STATION:PASSWORD@HOST:PORT/DATABASE</source>
        <translation>نشانی هاب درست نیست؛ شکل درست آن چنین است: postgresql://STATION:PASSWORD@HOST:PORT/DATABASE</translation>
    </message>
</context>
<context>
    <name>metrics</name>
    <message>
        <location filename="../desktop/cli.py" line="498"/>
        <source>Group</source>
        <translation>گروه</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="498"/>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="498"/>
        <source>Major incidents</source>
        <translation>حوادث مهم</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="499"/>
        <source>MTTA (s)</source>
        <translation>MTTA (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="499"/>
        <source>MTTR (s)</source>
        <translation>MTTR (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="500"/>
        <source>Mean time between (s)</source>
        <translation>میانگین زمان بین حوادث مهم (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="500"/>
        <source>SLA breaches</source>
        <translation>نقض‌های SLA</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="501"/>
        <source>Previous period: major incidents</source>
        <translation>دورهٔ پیش: حوادث مهم</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="502"/>
        <source>Previous period: MTTR (s)</source>
        <translation>دورهٔ پیش: MTTR (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="502"/>
        <source>All</source>
        <translation>همه</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="503"/>
        <source>Service</source>
        <translation>سرویس</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="503"/>
        <source>Severity</source>
        <translation>شدت</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="504"/>
        <source>Commander</source>
        <translation>فرمانده حادثه</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="504"/>
        <source>(none)</source>
        <translation>(هیچ)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="505"/>
        <source>Reference</source>
        <translation>شناسه</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="505"/>
        <source>Title</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="505"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="506"/>
        <source>Declared</source>
        <translation>زمان اعلام</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="506"/>
        <source>Declared (UTC, ISO 8601)</source>
        <translation>زمان اعلام (UTC، ISO 8601)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="507"/>
        <source>Time to acknowledge (s)</source>
        <translation>زمان تا تأیید دریافت (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="507"/>
        <source>Time to resolve (s)</source>
        <translation>زمان تا رفع (ثانیه)</translation>
    </message>
    <message>
        <location filename="../desktop/cli.py" line="508"/>
        <source>Services</source>
        <translation>سرویس‌ها</translation>
    </message>
</context>
<context>
    <name>self.model</name>
    <message>
        <source>No commander</source>
        <translation type="obsolete">بدون فرمانده</translation>
    </message>
</context>
</TS>
