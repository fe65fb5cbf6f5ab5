# A subset of the built-in cleaning that sed -E can express, for the W1 baseline.
s/\xc2\xa0/ /g
s/^([^:]{1,60}): \([0-9:]+\)$/\1:/
s/\[([^]]*[^] ]) [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?\]/[\1]/g
s/\bDombas\b/Donbas/g
s/\bNeustadt Treaty\b/New START Treaty/g
s/\bUnites States\b/United States/g
s/\boanly\b/only/g
s/\bRadio Freedom Europe\b/Radio Free Europe/g
s/\bRussian confederation\b/Russian Federation/g
s/\bAlexie Navalny\b/Alexei Navalny/g
s/\bof of\b/of/g
s/\battacks attacks\b/attacks/g
/^[[:space:]]*(Get short URL|Listen Live|Subscribe to EIR)[[:space:]]*$/d
/^[[:space:]]*READ MORE:/d
s/^[ \t]+//
s/[ \t]+$//
s/[ \t]{2,}/ /g
